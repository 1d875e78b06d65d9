#include "api/export.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"

namespace yingbin::api {
namespace {

bool IsNumeric(const Table& t, size_t column) {
  return std::find(t.numeric_columns.begin(), t.numeric_columns.end(), column) !=
         t.numeric_columns.end();
}

}  // namespace

std::string CsvField(std::string_view s) {
  // Quote always; a leading = + - @ would make Excel run a formula: prefix it with '.
  std::string out = "\"";
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) out += '\'';
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string ToCsv(const Table& t) {
  std::string csv = "\xEF\xBB\xBF";  // BOM: Excel reads the file as UTF-8
  for (size_t i = 0; i < t.header.size(); ++i) {
    if (i) csv += ',';
    csv += t.header[i];
  }
  csv += "\r\n";
  for (const auto& row : t.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) csv += ',';
      csv += IsNumeric(t, i) ? row[i] : CsvField(row[i]);
    }
    csv += "\r\n";
  }
  return csv;
}

core::Result<std::string> ToXlsx(const Table& t, const std::string& sheet_name) {
  // libxlsxwriter writes to a file; it is read back and removed at once.
  const std::string path =
      (std::filesystem::temp_directory_path() / ("yb-export-" + core::RandomHex(8) + ".xlsx"))
          .string();
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return core::Internal("workbook_new failed");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (size_t i = 0; i < t.header.size(); ++i)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(i), t.header[i].c_str(), bold);
  lxw_row_t row_no = 1;
  for (const auto& row : t.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      const auto col = static_cast<lxw_col_t>(i);
      if (IsNumeric(t, i) && !row[i].empty())
        worksheet_write_number(ws, row_no, col, std::strtod(row[i].c_str(), nullptr), nullptr);
      else  // strings are never formulas in xlsxwriter's write_string
        worksheet_write_string(ws, row_no, col, row[i].c_str(), nullptr);
    }
    ++row_no;
  }
  worksheet_freeze_panes(ws, 1, 0);
  const lxw_error err = workbook_close(wb);
  std::string bytes;
  if (err == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  std::remove(path.c_str());
  if (err != LXW_NO_ERROR) return core::Internal(lxw_strerror(err));
  return bytes;
}

http::Response CsvResponse(const Table& t, const std::string& filename) {
  auto resp = http::Response::Text(200, ToCsv(t), "text/csv; charset=utf-8");
  resp.SetHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return resp;
}

http::Response XlsxResponse(std::string bytes, const std::string& filename) {
  auto resp = http::Response::Text(
      200, std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  resp.SetHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return resp;
}

}  // namespace yingbin::api
