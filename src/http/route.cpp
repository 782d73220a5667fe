#include "http/route.h"

#include "common/error.h"

namespace hearth::http {

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {
  compiled_.reserve(routes_.size());
  for (const auto& route : routes_) compiled_.push_back(compile(route.pattern));
}

std::vector<Router::Segment> Router::compile(std::string_view pattern) {
  if (pattern.empty() || pattern[0] != '/') throw Error::internal("route pattern must start with '/'");
  std::vector<Segment> segments;
  std::string_view rest = pattern.substr(1);
  while (true) {
    const auto slash = rest.find('/');
    const auto part = rest.substr(0, slash);
    if (part.size() > 5 && part.front() == '{' && part.ends_with("...}")) {
      if (slash != std::string_view::npos) throw Error::internal("a {name...} segment must be last");
      segments.push_back({std::string(part.substr(1, part.size() - 5)), Segment::Kind::kRest, {}});
    } else if (part.size() > 2 && part.front() == '{' && part.find('}') != std::string_view::npos) {
      // "{name}" or "{name}.suffix": the suffix is literal and not captured.
      const auto close = part.find('}');
      if (close < 2 || part.find_first_of("{}", close + 1) != std::string_view::npos)
        throw Error::internal("malformed {name} segment in a route pattern");
      segments.push_back({std::string(part.substr(1, close - 1)), Segment::Kind::kParameter,
                          std::string(part.substr(close + 1))});
    } else {
      segments.push_back({std::string(part), Segment::Kind::kLiteral, {}});
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return segments;
}

bool Router::matches(const std::vector<Segment>& segments, std::string_view path, Request* request) {
  if (path.empty() || path[0] != '/') return false;
  std::string_view rest = path.substr(1);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& segment = segments[i];
    if (segment.kind == Segment::Kind::kRest) {
      if (rest.empty()) return false;
      if (request != nullptr) request->path_parameters[segment.text] = std::string(rest);
      return true;
    }
    const auto slash = rest.find('/');
    const auto part = rest.substr(0, slash);
    const bool last_segment = i + 1 == segments.size();
    if (last_segment != (slash == std::string_view::npos)) return false;
    if (segment.kind == Segment::Kind::kLiteral) {
      if (part != segment.text) return false;
    } else {
      if (part.size() <= segment.suffix.size() || !part.ends_with(segment.suffix)) return false;
      if (request != nullptr) {
        request->path_parameters[segment.text] =
            std::string(part.substr(0, part.size() - segment.suffix.size()));
      }
    }
    if (slash != std::string_view::npos) rest.remove_prefix(slash + 1);
  }
  return true;
}

Router::Match Router::match(Request& request) const {
  Match result;
  const Method method = request.method == Method::kHead ? Method::kGet : request.method;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!matches(compiled_[i], request.path, nullptr)) continue;
    if (routes_[i].method == method) {
      request.path_parameters.clear();
      matches(compiled_[i], request.path, &request);
      result.route = &routes_[i];
      return result;
    }
    result.path_exists = true;
    if (!result.allowed_methods.empty()) result.allowed_methods += ", ";
    result.allowed_methods += method_name(routes_[i].method);
  }
  return result;
}

}  // namespace hearth::http
