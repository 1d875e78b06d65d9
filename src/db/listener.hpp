#pragma once
// PostgreSQL LISTEN on one channel: how app nodes hear each other (DESIGN.md "Scale-out":
// live events fan out through LISTEN/NOTIFY). A listener owns its own connection, outside
// the pool, because a listening session must stay open and idle.
// Not thread-safe: one thread waits on it.
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace yingbin::db {

class Listener {
 public:
  // Connects to `url` (postgresql://...) and LISTENs on `channel` (an identifier).
  // Errors: kUnavailable when the server cannot be reached.
  static core::Result<std::unique_ptr<Listener>> Open(const std::string& url,
                                                      const std::string& channel);
  virtual ~Listener() = default;
  // Waits up to timeout_ms for notifications and answers their payloads in order (none on
  // timeout). kUnavailable when the connection is lost: open a new listener.
  virtual core::Result<std::vector<std::string>> Wait(int timeout_ms) = 0;
};

}  // namespace yingbin::db
