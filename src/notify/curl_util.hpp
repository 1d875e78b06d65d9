#pragma once
// What the libcurl channels (email.cpp, webhook.cpp) share.
#include <curl/curl.h>

#include <atomic>
#include <string>

#include "notify/rules.hpp"

namespace yingbin::notify {

// curl_global_init once per process (it is not thread-safe; call_once makes it so).
void EnsureCurl();

// Makes `curl` abort its transfer soon after *cancel becomes true (the worker stops), and
// never raise SIGPIPE/SIGALRM. `cancel` may be null; it must outlive the transfer.
void SetCancel(CURL* curl, const std::atomic<bool>* cancel);

}  // namespace yingbin::notify
