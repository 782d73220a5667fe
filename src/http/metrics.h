#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/timed_directory.h"
#include "http/route.h"

// Counters for /metrics. Everything here is aggregate: rows are route
// patterns, status classes and directory operations, never a person, a
// concrete path or an address. Recording is lock-free (relaxed atomics) and
// allocation-free, so it can run on every request.
namespace hearth::http {

// Upper bounds, in seconds, of the latency histogram buckets; +Inf follows.
inline constexpr std::array<double, 13> kLatencyBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                        0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

// A fixed-bucket latency histogram. observe() and snapshot() may run
// concurrently from any thread; a snapshot taken during an observe() may
// miss that one observation but is always internally consistent (cumulative
// counts never decrease, and the +Inf bucket equals the count).
class LatencyHistogram {
 public:
  void observe(std::chrono::nanoseconds elapsed);

  struct Snapshot {
    // cumulative[i]: observations <= kLatencyBuckets[i]; the last entry is
    // the +Inf bucket, i.e. the count.
    std::array<std::uint64_t, kLatencyBuckets.size() + 1> cumulative{};
    double sum_seconds = 0;
    std::uint64_t count() const { return cumulative.back(); }
  };
  Snapshot snapshot() const;

 private:
  std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> buckets_{};  // not cumulative
  std::atomic<std::uint64_t> sum_nanoseconds_{0};
};

// Builds a Prometheus text exposition (format 0.0.4). Label values are
// escaped; names are the caller's constants. Each family is started once,
// before its samples.
class MetricsWriter {
 public:
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";
  using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

  // Writes the # HELP and # TYPE lines. `type`: counter, gauge or histogram.
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, const Labels& labels, std::uint64_t value);
  void sample(std::string_view name, const Labels& labels, double value);
  // The _bucket (with le), _sum and _count samples of one histogram series.
  void histogram(std::string_view name, const Labels& labels, const LatencyHistogram::Snapshot& snapshot);

  const std::string& text() const { return text_; }

 private:
  void series(std::string_view name, const Labels& labels, std::string_view extra_label = {},
              std::string_view extra_value = {});
  std::string text_;
};

// Request counts by route pattern, method and status class, and request
// latency by route pattern and method: one row per route-table row, plus a
// row for requests no route matched and one for requests the HTTP library
// refused before routing (malformed, too large). Rows with no requests yet
// are left out of the output.
class RequestMetrics {
 public:
  explicit RequestMetrics(const Router& router);
  RequestMetrics(const RequestMetrics&) = delete;
  RequestMetrics& operator=(const RequestMetrics&) = delete;

  // The row of requests that matched no route.
  std::size_t unmatched_row() const { return row_count_ - 2; }
  // The row of requests the HTTP library refused itself.
  std::size_t refused_row() const { return row_count_ - 1; }

  // Counts one request on `row` (a route index, unmatched_row() or
  // refused_row()). Const and thread-safe: the counters are atomics.
  void record(std::size_t row, int status, std::chrono::nanoseconds elapsed) const;
  // Counts one request without a latency (refused_row(): there is none).
  void count(std::size_t row, int status) const;

  // Families hearth_http_requests_total and hearth_http_request_duration_seconds.
  void write(MetricsWriter& out) const;

 private:
  struct Row {
    std::string route;
    std::string method;
    std::array<std::atomic<std::uint64_t>, 5> by_status_class{};  // 1xx..5xx
    LatencyHistogram latency;
  };
  std::size_t row_count_;
  // Atomics cannot move, so the rows live in a fixed array.
  std::unique_ptr<Row[]> rows_;
};

// Directory calls (sign-ins and reachability checks) by outcome, with their
// latency. Fed by auth::TimedDirectory.
class DirectoryMetrics {
 public:
  // Thread-safe.
  void record(auth::DirectoryCall call, auth::DirectoryOutcome outcome, std::chrono::nanoseconds elapsed);
  // Families hearth_directory_requests_total and
  // hearth_directory_request_duration_seconds.
  void write(MetricsWriter& out) const;

 private:
  static constexpr std::size_t kCalls = 2;
  static constexpr std::size_t kOutcomes = 3;
  std::array<LatencyHistogram, kCalls> latency_;
  std::array<std::array<std::atomic<std::uint64_t>, kOutcomes>, kCalls> outcomes_{};
};

}  // namespace hearth::http
