#pragma once
// Who the bench seeders invent: Chinese names by the frequency of surnames, and the
// organisations people come from. Shared by seed_visits.cpp and seed_complaints.cpp so that
// the visitor log and the complaint customers are searched over the same kind of names.
#include <string>
#include <utility>
#include <vector>

namespace bench {

// Surnames by rough share of the population (王李张刘陈 ≈ 30 %), then a long tail.
inline const std::vector<std::pair<std::string, int>> kSurnames = {
    {"王", 71}, {"李", 79}, {"张", 71}, {"刘", 54}, {"陈", 46}, {"杨", 31}, {"黄", 22}, {"赵", 22},
    {"吴", 20}, {"周", 19}, {"徐", 17}, {"孙", 15}, {"马", 15}, {"朱", 14}, {"胡", 13}, {"郭", 12},
    {"何", 12}, {"高", 11}, {"林", 11}, {"罗", 9},  {"郑", 9},  {"梁", 9},  {"谢", 7},  {"宋", 7},
    {"唐", 7},  {"许", 6},  {"韩", 6},  {"冯", 6},  {"邓", 6},  {"曹", 6},  {"彭", 5},  {"曾", 5},
    {"肖", 5},  {"田", 5},  {"董", 5},  {"袁", 5},  {"潘", 4},  {"于", 4},  {"蒋", 4},  {"蔡", 4},
    {"余", 4},  {"杜", 4},  {"叶", 4},  {"程", 4},  {"苏", 3},  {"魏", 3},  {"吕", 3},  {"丁", 3},
    {"欧阳", 1}, {"司马", 1}};
inline const char* const kGiven[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "文", "建", "国", "红", "玉", "兰", "春", "海",
    "晓", "志", "宇", "浩", "鹏", "飞", "斌", "辉", "俊", "婷", "雪", "琳", "佳", "欣", "晨", "阳",
    "思", "子", "梓", "轩", "睿", "博", "一", "嘉", "雨", "诗", "涵", "瑶", "泽", "天", "宁", "凯"};
inline const char* const kCompanies[] = {
    "华为技术有限公司", "中国建筑第三工程局", "国家电网公司", "中国移动通信集团", "腾讯科技",
    "阿里巴巴集团", "中国石油化工", "比亚迪股份有限公司", "京东方科技集团", "美的集团",
    "顺丰速运", "中国平安保险", "宁德时代", "小米科技", "字节跳动", "海尔集团", "格力电器",
    "中国银行", "招商银行", "东方电气", "远景能源", "三一重工", "中兴通讯", "联想集团", ""};

}  // namespace bench
