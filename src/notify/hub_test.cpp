#include "notify/hub.hpp"

#include <gtest/gtest.h>

namespace yingbin::notify {
namespace {

TEST(Hub, PublishesToEveryOpenStreamOfTheKey) {
  Hub hub;
  auto a = std::make_shared<http::EventStream>();
  auto b = std::make_shared<http::EventStream>();
  hub.Subscribe({"user:7", "site:1"}, a);
  hub.Subscribe({"site:1"}, b);
  EXPECT_EQ(hub.Publish("site:1", "visit.arrived", "{}", "3"), 2);
  EXPECT_EQ(hub.Publish("user:7", "n", "{\"x\":1}"), 1);
  EXPECT_EQ(hub.Publish("user:8", "n", "{}"), 0);
  bool closed = false;
  EXPECT_EQ(a->Take(&closed),
            "id: 3\nevent: visit.arrived\ndata: {}\n\nevent: n\ndata: {\"x\":1}\n\n");
  EXPECT_EQ(b->Take(&closed), "id: 3\nevent: visit.arrived\ndata: {}\n\n");
}

TEST(Hub, DropsClosedAndDestroyedStreams) {
  Hub hub;
  auto a = std::make_shared<http::EventStream>();
  auto b = std::make_shared<http::EventStream>();
  hub.Subscribe({"site:1"}, a);
  hub.Subscribe({"site:1"}, b);
  a->Close();
  b.reset();
  EXPECT_EQ(hub.Publish("site:1", "e", "{}"), 0);
  EXPECT_EQ(hub.Count("site:1"), 0);
}

}  // namespace
}  // namespace yingbin::notify
