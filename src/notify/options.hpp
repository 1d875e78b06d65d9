#pragma once
// Settings of the notify worker and its channels (flags / config keys / YINGBIN_* env in
// main.cpp, e.g. --smtp-url / YINGBIN_SMTP_URL).
#include <cstdint>
#include <string>

namespace yingbin::notify {

struct NotifyOptions {
  // SMTP server, "smtp://host:25" (STARTTLS when the server offers it and a user is set)
  // or "smtps://host:465". Empty: e-mail deliveries are marked dead "smtp not configured".
  std::string smtp_url;
  std::string smtp_from = "yingbin@localhost";  // "addr" or "迎宾 <addr>"
  std::string smtp_user;
  std::string smtp_password;
  int max_attempts = 6;              // deliveries before a row is 'dead'
  int64_t backoff_base_ms = 5000;    // wait after the first failure; doubles each time
  int64_t backoff_cap_ms = 3600000;  // the longest wait between attempts
  int poll_ms = 1000;                // how often the worker looks for due rows unkicked
  // While rows keep coming, passes start at least this far apart: what arrives meanwhile
  // is claimed and recorded together. The first row after a quiet spell goes at once.
  int gather_ms = 100;
};

}  // namespace yingbin::notify
