#include "notify/curl_util.hpp"

#include <curl/curl.h>

#include <mutex>

namespace yingbin::notify {
namespace {

int OnProgress(void* clientp, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(clientp);
  return cancel != nullptr && cancel->load() ? 1 : 0;  // non-zero aborts the transfer
}

}  // namespace

void EnsureCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

void SetCancel(CURL* curl, const std::atomic<bool>* cancel) {
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (cancel == nullptr) return;
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(cancel));
}

}  // namespace yingbin::notify
