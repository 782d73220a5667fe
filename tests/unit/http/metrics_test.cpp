#include "http/metrics.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "auth/timed_directory.h"

namespace hearth::http {
namespace {

using namespace std::chrono_literals;

// One sample line of the text exposition format, parsed.
struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// A strict reader of the Prometheus text format (0.0.4): every line is a
// # HELP, a # TYPE or a sample; names and label names are valid; label
// values are properly quoted and escaped; values are numbers; every sample
// belongs to the family of the last # TYPE, whose # HELP came first. FAILs
// the test on the first bad line.
struct Exposition {
  std::vector<Sample> samples;
  std::map<std::string, std::string> types;  // family -> type

  explicit Exposition(const std::string& text) {
    static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");
    REQUIRE_FALSE(text.empty());
    REQUIRE(text.back() == '\n');
    std::istringstream lines(text);
    std::string line;
    std::string family;
    std::set<std::string> helped;
    while (std::getline(lines, line)) {
      INFO("line: " << line);
      REQUIRE_FALSE(line.empty());
      if (line.starts_with("# HELP ")) {
        const auto rest = line.substr(7);
        const auto name = rest.substr(0, rest.find(' '));
        REQUIRE(std::regex_match(name, kName));
        REQUIRE(helped.insert(name).second);
        continue;
      }
      if (line.starts_with("# TYPE ")) {
        std::istringstream words(line.substr(7));
        std::string name;
        std::string type;
        words >> name >> type;
        REQUIRE(std::regex_match(name, kName));
        REQUIRE((type == "counter" || type == "gauge" || type == "histogram"));
        REQUIRE(helped.count(name) == 1);
        REQUIRE(types.emplace(name, type).second);  // each family once
        family = name;
        continue;
      }
      REQUIRE(line.front() != '#');
      Sample sample;
      std::size_t i = 0;
      while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
      sample.name = line.substr(0, i);
      REQUIRE(std::regex_match(sample.name, kName));
      if (line[i] == '{') {
        ++i;
        while (line.at(i) != '}') {
          const auto equals = line.find('=', i);
          REQUIRE(equals != std::string::npos);
          const auto label = line.substr(i, equals - i);
          REQUIRE(std::regex_match(label, kLabelName));
          REQUIRE(line.at(equals + 1) == '"');
          std::string value;
          std::size_t j = equals + 2;
          for (; line.at(j) != '"'; ++j) {
            if (line[j] == '\\') {
              const char escaped = line.at(++j);
              REQUIRE((escaped == '\\' || escaped == '"' || escaped == 'n'));
              value += escaped == 'n' ? '\n' : escaped;
            } else {
              value += line[j];
            }
          }
          REQUIRE(sample.labels.emplace(label, value).second);
          i = j + 1;
          if (line.at(i) == ',') ++i;
        }
        ++i;
      }
      REQUIRE(line.at(i) == ' ');
      const auto value_text = line.substr(i + 1);
      REQUIRE(value_text.find(' ') == std::string::npos);  // no timestamps
      if (value_text == "+Inf") {
        sample.value = INFINITY;
      } else {
        std::size_t used = 0;
        sample.value = std::stod(value_text, &used);
        REQUIRE(used == value_text.size());
      }
      // The sample belongs to the current family.
      REQUIRE_FALSE(family.empty());
      const auto& type = types.at(family);
      if (type == "histogram") {
        REQUIRE((sample.name == family + "_bucket" || sample.name == family + "_sum" ||
                 sample.name == family + "_count"));
      } else {
        REQUIRE(sample.name == family);
      }
      samples.push_back(std::move(sample));
    }
  }

  std::vector<Sample> named(std::string_view name) const {
    std::vector<Sample> found;
    for (const auto& sample : samples) {
      if (sample.name == name) found.push_back(sample);
    }
    return found;
  }

  // The value of the sample `name` whose labels include `labels`, or nullopt.
  std::optional<double> value(std::string_view name, const std::map<std::string, std::string>& labels) const {
    for (const auto& sample : samples) {
      if (sample.name != name) continue;
      const bool matches = std::all_of(labels.begin(), labels.end(), [&](const auto& label) {
        const auto found = sample.labels.find(label.first);
        return found != sample.labels.end() && found->second == label.second;
      });
      if (matches) return sample.value;
    }
    return std::nullopt;
  }

  // Checks every histogram: for each series, buckets in increasing le, counts
  // cumulative (never decreasing), the last bucket +Inf and equal to _count.
  void check_histograms() const {
    for (const auto& [family, type] : types) {
      if (type != "histogram") continue;
      std::map<std::map<std::string, std::string>, std::vector<std::pair<double, double>>> series;
      for (const auto& sample : named(family + "_bucket")) {
        auto labels = sample.labels;
        REQUIRE(labels.count("le") == 1);
        const auto le = labels["le"] == "+Inf" ? INFINITY : std::stod(labels["le"]);
        labels.erase("le");
        series[labels].emplace_back(le, sample.value);
      }
      for (const auto& [labels, buckets] : series) {
        INFO(family);
        REQUIRE(buckets.size() >= 2);
        for (std::size_t i = 1; i < buckets.size(); ++i) {
          CHECK(buckets[i].first > buckets[i - 1].first);
          CHECK(buckets[i].second >= buckets[i - 1].second);
        }
        CHECK(std::isinf(buckets.back().first));
        std::optional<double> count;
        std::optional<double> sum;
        for (const auto& sample : named(family + "_count")) {
          if (sample.labels == labels) count = sample.value;
        }
        for (const auto& sample : named(family + "_sum")) {
          if (sample.labels == labels) sum = sample.value;
        }
        REQUIRE(count);
        REQUIRE(sum);
        CHECK(*count == buckets.back().second);
        CHECK(*sum >= 0);
      }
    }
  }
};

Router test_router() {
  const auto ok = [](const RequestContext&) { return Response::text("ok"); };
  return Router({{Method::kGet, "/groups", Access::kAnyone, SessionUse::kNone, ok},
                 {Method::kGet, "/groups/{slug}", Access::kAnyone, SessionUse::kNone, ok},
                 {Method::kPost, "/groups/{slug}/join", Access::kAnyone, SessionUse::kNone, ok}});
}

}  // namespace

TEST_CASE("LatencyHistogram: fixed buckets, cumulative snapshot", "[http][metrics]") {
  LatencyHistogram histogram;
  histogram.observe(500us);  // <= 0.001
  histogram.observe(1ms);    // <= 0.001 (upper bounds are inclusive)
  histogram.observe(30ms);   // <= 0.05
  histogram.observe(30s);    // +Inf only
  histogram.observe(-5ms);   // a clock step backwards counts as 0
  const auto snapshot = histogram.snapshot();
  CHECK(snapshot.count() == 5);
  CHECK(snapshot.cumulative[0] == 3);                           // le=0.001
  CHECK(snapshot.cumulative[4] == 3);                           // le=0.025
  CHECK(snapshot.cumulative[5] == 4);                           // le=0.05
  CHECK(snapshot.cumulative[kLatencyBuckets.size() - 1] == 4);  // le=10
  CHECK(snapshot.sum_seconds == Approx(30.0315));
}

TEST_CASE("MetricsWriter: label values are escaped, numbers well formed", "[http][metrics]") {
  MetricsWriter out;
  out.family("hearth_test", "gauge", "A help text with a \\ backslash\nand a newline.");
  out.sample("hearth_test", {{"value", "quote \" backslash \\ newline \n end"}}, 1.5);
  out.sample("hearth_test", {}, std::uint64_t{42});
  out.sample("hearth_test", {{"a", "b"}}, INFINITY);
  const Exposition parsed(out.text());
  REQUIRE(parsed.samples.size() == 3);
  CHECK(parsed.samples[0].labels.at("value") == "quote \" backslash \\ newline \n end");
  CHECK(parsed.samples[0].value == 1.5);
  CHECK(parsed.samples[1].value == 42);
  CHECK(std::isinf(parsed.samples[2].value));
  CHECK(out.text().find("# HELP hearth_test A help text with a \\\\ backslash\\nand a newline.\n") == 0);
}

TEST_CASE("RequestMetrics: counts by route pattern and status class", "[http][metrics]") {
  const Router router = test_router();
  RequestMetrics metrics(router);
  metrics.record(1, 200, 3ms);
  metrics.record(1, 200, 7ms);
  metrics.record(1, 404, 1ms);
  metrics.record(2, 303, 20ms);
  metrics.record(metrics.unmatched_row(), 404, 1ms);
  metrics.record(999, 404, 1ms);  // out of range: unmatched
  metrics.count(metrics.refused_row(), 413);

  MetricsWriter out;
  metrics.write(out);
  const Exposition parsed(out.text());
  parsed.check_histograms();
  CHECK(parsed.types.at("hearth_http_requests_total") == "counter");
  CHECK(parsed.types.at("hearth_http_request_duration_seconds") == "histogram");

  const auto requests = [&](std::string route, std::string method, std::string status_class) {
    return parsed.value("hearth_http_requests_total",
                        {{"route", route}, {"method", method}, {"status_class", status_class}});
  };
  CHECK(requests("/groups/{slug}", "GET", "2xx") == 2);
  CHECK(requests("/groups/{slug}", "GET", "4xx") == 1);
  CHECK(requests("/groups/{slug}/join", "POST", "3xx") == 1);
  CHECK(requests("(unmatched)", "any", "4xx") == 2);
  CHECK(requests("(refused)", "any", "4xx") == 1);
  CHECK_FALSE(requests("/groups", "GET", "2xx"));  // rows without requests are left out
  CHECK(parsed.value("hearth_http_request_duration_seconds_count", {{"route", "/groups/{slug}"}}) == 3);
  CHECK(parsed.value("hearth_http_request_duration_seconds_bucket",
                     {{"route", "/groups/{slug}"}, {"le", "0.005"}}) == 2);
  CHECK(parsed.value("hearth_http_request_duration_seconds_sum", {{"route", "/groups/{slug}"}}) ==
        Approx(0.011));
  // Refused requests have no latency.
  CHECK_FALSE(parsed.value("hearth_http_request_duration_seconds_count", {{"route", "(refused)"}}));
  // Every label is a pattern, a method or a class: nothing from a concrete request.
  for (const auto& sample : parsed.samples) {
    for (const auto& [label, value] : sample.labels) {
      CHECK((label == "route" || label == "method" || label == "status_class" || label == "le"));
    }
  }
}

TEST_CASE("RequestMetrics: concurrent recording loses nothing", "[http][metrics]") {
  const Router router = test_router();
  RequestMetrics metrics(router);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&metrics] {
      for (int i = 0; i < 10000; ++i) metrics.record(0, 200, std::chrono::microseconds(i % 7000));
    });
  }
  for (auto& thread : threads) thread.join();
  MetricsWriter out;
  metrics.write(out);
  const Exposition parsed(out.text());
  parsed.check_histograms();
  CHECK(parsed.value("hearth_http_requests_total", {{"route", "/groups"}}) == 40000);
  CHECK(parsed.value("hearth_http_request_duration_seconds_count", {{"route", "/groups"}}) == 40000);
}

TEST_CASE("DirectoryMetrics: calls by outcome with latency, through TimedDirectory", "[http][metrics]") {
  class FixedDirectory final : public auth::Directory {
   public:
    auth::SignInResult sign_in(std::string_view username, std::string_view, const auth::TraceSink&) override {
      auth::SignInResult result;
      result.status = username == "down" ? auth::SignInStatus::kDirectoryUnavailable
                                         : auth::SignInStatus::kInvalidCredentials;
      return result;
    }
    bool is_reachable() override {
      std::this_thread::sleep_for(2ms);
      return true;
    }
  };
  DirectoryMetrics metrics;
  auth::TimedDirectory directory(
      std::make_unique<FixedDirectory>(),
      [&metrics](auth::DirectoryCall call, auth::DirectoryOutcome outcome, std::chrono::nanoseconds elapsed) {
        metrics.record(call, outcome, elapsed);
      });
  CHECK(directory.sign_in("amy", "wrong").status == auth::SignInStatus::kInvalidCredentials);
  CHECK(directory.sign_in("down", "x").status == auth::SignInStatus::kDirectoryUnavailable);
  CHECK(directory.sign_in("amy", "again").status == auth::SignInStatus::kInvalidCredentials);
  CHECK(directory.is_reachable());

  MetricsWriter out;
  metrics.write(out);
  const Exposition parsed(out.text());
  parsed.check_histograms();
  const auto calls = [&](std::string operation, std::string outcome) {
    return parsed.value("hearth_directory_requests_total", {{"operation", operation}, {"outcome", outcome}});
  };
  CHECK(calls("sign_in", "refused") == 2);
  CHECK(calls("sign_in", "unavailable") == 1);
  CHECK(calls("sign_in", "success") == 0);
  CHECK(calls("reachability_check", "success") == 1);
  CHECK(parsed.value("hearth_directory_request_duration_seconds_count", {{"operation", "sign_in"}}) == 3);
  CHECK(parsed.value("hearth_directory_request_duration_seconds_sum",
                     {{"operation", "reachability_check"}}) >= 0.002);
  // No username reaches the metrics.
  CHECK(out.text().find("amy") == std::string::npos);
}

}  // namespace hearth::http
