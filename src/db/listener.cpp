#include "db/listener.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include "db/driver.hpp"

namespace yingbin::db {
namespace {

class PgListener final : public Listener {
 public:
  explicit PgListener(PGconn* c) : c_(c) {}
  ~PgListener() override { PQfinish(c_); }

  core::Result<std::vector<std::string>> Wait(int timeout_ms) override {
    std::vector<std::string> out;
    Drain(out);
    if (!out.empty()) return out;
    pollfd pfd{PQsocket(c_), POLLIN, 0};
    if (pfd.fd < 0) return core::Unavailable("postgres listener: connection lost");
    int ready = poll(&pfd, 1, timeout_ms);
    if (ready < 0) return out;  // interrupted: the caller simply waits again
    if (ready == 0) return out;
    if (!PQconsumeInput(c_) || PQstatus(c_) != CONNECTION_OK)
      return core::Unavailable(std::string("postgres listener: ") + PQerrorMessage(c_));
    Drain(out);
    return out;
  }

 private:
  void Drain(std::vector<std::string>& out) {
    while (PGnotify* n = PQnotifies(c_)) {
      out.emplace_back(n->extra ? n->extra : "");
      PQfreemem(n);
    }
  }

  PGconn* c_;
};

}  // namespace

core::Result<std::unique_ptr<Listener>> Listener::Open(const std::string& url,
                                                       const std::string& channel) {
  if (!internal::IsPostgresUrl(url)) return core::InvalidArgument("db");
  PGconn* c = PQconnectdb(url.c_str());
  if (!c) return core::Unavailable("postgres listener: out of memory");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    return core::Unavailable("postgres listener: cannot connect: " + msg);
  }
  char* quoted = PQescapeIdentifier(c, channel.c_str(), channel.size());
  std::string sql = std::string("LISTEN ") + (quoted ? quoted : "");
  if (quoted) PQfreemem(quoted);
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = ok ? "" : PQerrorMessage(c);
  PQclear(r);
  if (!ok) {
    PQfinish(c);
    return core::Unavailable("postgres listener: " + msg);
  }
  return std::unique_ptr<Listener>(new PgListener(c));
}

}  // namespace yingbin::db
