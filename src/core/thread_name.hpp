#pragma once

#include <pthread.h>

#include <string>

namespace yingbin::core {

// Names the calling thread as `top -H`, `ps -L` and perf show it. Linux keeps at most 15
// characters; a longer name is cut.
inline void NameThisThread(const char* name) {
  std::string cut(name);
  if (cut.size() > 15) cut.resize(15);
  pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace yingbin::core
