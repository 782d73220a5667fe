#include "http/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hearth::http {
namespace {

constexpr std::array<std::string_view, 5> kStatusClasses{"1xx", "2xx", "3xx", "4xx", "5xx"};
constexpr std::array<std::string_view, 2> kCallNames{"sign_in", "reachability_check"};
constexpr std::array<std::string_view, 3> kOutcomeNames{"success", "refused", "unavailable"};

std::size_t status_class_index(int status) {
  return static_cast<std::size_t>(std::clamp(status / 100, 1, 5) - 1);
}

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

}  // namespace

void LatencyHistogram::observe(std::chrono::nanoseconds elapsed) {
  const auto nanoseconds = std::max<std::int64_t>(0, elapsed.count());
  const double seconds = static_cast<double>(nanoseconds) / 1e9;
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds) - kLatencyBuckets.begin());
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_nanoseconds_.fetch_add(static_cast<std::uint64_t>(nanoseconds), std::memory_order_relaxed);
}

LatencyHistogram::Snapshot LatencyHistogram::snapshot() const {
  Snapshot snapshot;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    snapshot.cumulative[i] = running;
  }
  snapshot.sum_seconds = static_cast<double>(sum_nanoseconds_.load(std::memory_order_relaxed)) / 1e9;
  return snapshot;
}

void MetricsWriter::family(std::string_view name, std::string_view type, std::string_view help) {
  // HELP text escapes backslash and newline only.
  std::string escaped;
  for (const char c : help) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  text_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escaped, name, type);
}

void MetricsWriter::series(std::string_view name, const Labels& labels, std::string_view extra_label,
                           std::string_view extra_value) {
  text_ += name;
  if (labels.empty() && extra_label.empty()) return;
  text_ += '{';
  bool first = true;
  const auto add = [this, &first](std::string_view label, std::string_view value) {
    if (!first) text_ += ',';
    first = false;
    text_ += label;
    text_ += "=\"";
    for (const char c : value) {
      if (c == '\\') {
        text_ += "\\\\";
      } else if (c == '"') {
        text_ += "\\\"";
      } else if (c == '\n') {
        text_ += "\\n";
      } else {
        text_ += c;
      }
    }
    text_ += '"';
  };
  for (const auto& [label, value] : labels) add(label, value);
  if (!extra_label.empty()) add(extra_label, extra_value);
  text_ += '}';
}

void MetricsWriter::sample(std::string_view name, const Labels& labels, std::uint64_t value) {
  series(name, labels);
  text_ += fmt::format(" {}\n", value);
}

void MetricsWriter::sample(std::string_view name, const Labels& labels, double value) {
  series(name, labels);
  text_ += ' ';
  text_ += format_number(value);
  text_ += '\n';
}

void MetricsWriter::histogram(std::string_view name, const Labels& labels,
                              const LatencyHistogram::Snapshot& snapshot) {
  const std::string bucket_name = std::string(name) + "_bucket";
  for (std::size_t i = 0; i < snapshot.cumulative.size(); ++i) {
    const std::string bound = i < kLatencyBuckets.size() ? format_number(kLatencyBuckets[i]) : "+Inf";
    series(bucket_name, labels, "le", bound);
    text_ += fmt::format(" {}\n", snapshot.cumulative[i]);
  }
  sample(std::string(name) + "_sum", labels, snapshot.sum_seconds);
  sample(std::string(name) + "_count", labels, snapshot.count());
}

RequestMetrics::RequestMetrics(const Router& router)
    : row_count_(router.routes().size() + 2), rows_(std::make_unique<Row[]>(row_count_)) {
  for (std::size_t i = 0; i < router.routes().size(); ++i) {
    rows_[i].route = router.routes()[i].pattern;
    rows_[i].method = std::string(method_name(router.routes()[i].method));
  }
  rows_[unmatched_row()].route = "(unmatched)";
  rows_[unmatched_row()].method = "any";
  rows_[refused_row()].route = "(refused)";
  rows_[refused_row()].method = "any";
}

void RequestMetrics::count(std::size_t row, int status) const {
  if (row >= row_count_) row = unmatched_row();
  rows_[row].by_status_class[status_class_index(status)].fetch_add(1, std::memory_order_relaxed);
}

void RequestMetrics::record(std::size_t row, int status, std::chrono::nanoseconds elapsed) const {
  if (row >= row_count_) row = unmatched_row();
  count(row, status);
  rows_[row].latency.observe(elapsed);
}

void RequestMetrics::write(MetricsWriter& out) const {
  out.family("hearth_http_requests_total", "counter",
             "HTTP requests answered, by route pattern, method and status class.");
  for (std::size_t i = 0; i < row_count_; ++i) {
    const Row& row = rows_[i];
    for (std::size_t status_class = 0; status_class < kStatusClasses.size(); ++status_class) {
      const auto value = row.by_status_class[status_class].load(std::memory_order_relaxed);
      if (value == 0) continue;
      out.sample(
          "hearth_http_requests_total",
          {{"route", row.route}, {"method", row.method}, {"status_class", kStatusClasses[status_class]}},
          value);
    }
  }
  out.family("hearth_http_request_duration_seconds", "histogram",
             "Time from routing to the finished response, by route pattern and method.");
  for (std::size_t i = 0; i < row_count_; ++i) {
    const Row& row = rows_[i];
    const auto snapshot = row.latency.snapshot();
    if (snapshot.count() == 0) continue;
    out.histogram("hearth_http_request_duration_seconds", {{"route", row.route}, {"method", row.method}},
                  snapshot);
  }
}

void DirectoryMetrics::record(auth::DirectoryCall call, auth::DirectoryOutcome outcome,
                              std::chrono::nanoseconds elapsed) {
  const auto call_index = static_cast<std::size_t>(call);
  const auto outcome_index = static_cast<std::size_t>(outcome);
  if (call_index >= kCalls || outcome_index >= kOutcomes) return;
  outcomes_[call_index][outcome_index].fetch_add(1, std::memory_order_relaxed);
  latency_[call_index].observe(elapsed);
}

void DirectoryMetrics::write(MetricsWriter& out) const {
  out.family("hearth_directory_requests_total", "counter",
             "Directory calls (sign-ins, reachability checks) by outcome.");
  for (std::size_t call = 0; call < kCalls; ++call) {
    for (std::size_t outcome = 0; outcome < kOutcomes; ++outcome) {
      out.sample("hearth_directory_requests_total",
                 {{"operation", kCallNames[call]}, {"outcome", kOutcomeNames[outcome]}},
                 outcomes_[call][outcome].load(std::memory_order_relaxed));
    }
  }
  out.family("hearth_directory_request_duration_seconds", "histogram",
             "Time a directory call took, all of its LDAP round trips included.");
  for (std::size_t call = 0; call < kCalls; ++call) {
    out.histogram("hearth_directory_request_duration_seconds", {{"operation", kCallNames[call]}},
                  latency_[call].snapshot());
  }
}

}  // namespace hearth::http
