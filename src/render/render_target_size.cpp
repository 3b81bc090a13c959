// The offscreen target's size (see render_target_size.hpp).
#include "render/render_target_size.hpp"

#include <algorithm>
#include <charconv>

namespace tfviz {

TargetSize minSize(TargetSize a, TargetSize b) {
  return {std::min(a.width, b.width), std::min(a.height, b.height)};
}

TargetSize fitRenderTarget(TargetSize wanted, TargetSize limit) {
  if (wanted.empty() || limit.empty()) return {};
  if (wanted.width <= limit.width && wanted.height <= limit.height) return wanted;
  // Scale by the tighter ratio (compared and rounded down in exact integers); the other side stays
  // within [1, limit].
  const long long w = wanted.width, h = wanted.height;
  if (static_cast<long long>(limit.width) * h <= static_cast<long long>(limit.height) * w) {
    const long long fitted = h * limit.width / w;
    return {limit.width, static_cast<int>(std::clamp<long long>(fitted, 1, limit.height))};
  }
  const long long fitted = w * limit.height / h;
  return {static_cast<int>(std::clamp<long long>(fitted, 1, limit.width)), limit.height};
}

namespace {

std::optional<int> parseSide(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 65536) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<TargetSize> parseTargetLimit(std::string_view text) {
  const size_t x = text.find('x');
  if (x == std::string_view::npos) {
    const auto n = parseSide(text);
    if (!n) return std::nullopt;
    return TargetSize{*n, *n};
  }
  const auto w = parseSide(text.substr(0, x));
  const auto h = parseSide(text.substr(x + 1));
  if (!w || !h) return std::nullopt;
  return TargetSize{*w, *h};
}

TargetSize TargetSizer::update(TargetSize wanted, double now) {
  if (wanted.empty()) return {};
  const bool grows = m_size.empty() || wanted.width > m_size.width || wanted.height > m_size.height;
  const bool bigDrop = wanted.width * 2 < m_size.width || wanted.height * 2 < m_size.height;
  if (grows || bigDrop || wanted == m_size) {
    m_size = wanted;
    m_smallerSince = -1;
    return m_size;
  }
  // Within the current target: keep it until the wanted size has stayed within it a while.
  if (m_smallerSince < 0) m_smallerSince = now;
  if (now - m_smallerSince >= m_settle) {
    m_size = wanted;
    m_smallerSince = -1;
  }
  return m_size;
}

}  // namespace tfviz
