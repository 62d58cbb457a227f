#include "koubei/core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>  // also the stderr sinks

#include <memory>

namespace koubei {

spdlog::logger& logger() {
  static const std::shared_ptr<spdlog::logger> instance = [] {
    if (auto registered = spdlog::get("koubei")) return registered;
    auto created = spdlog::stderr_color_mt("koubei");
    created->set_pattern("[%H:%M:%S.%e] [%^%l%$] %v");
    created->set_level(spdlog::level::warn);
    return created;
  }();
  return *instance;
}

}  // namespace koubei
