// The library's classification throughput, without the CLI's input parsing and JSON output:
// loads a model, reads a file of documents (one per line) into memory, then times
// Classifier::Classify over all of them, several times, and prints the best and median rate.
//   classify_throughput MODEL FILE [REPEATS=5]
// Used by the speed work of issue 7 (bench/README.md); CPU time of this thread only.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "topica/classifier.h"

static double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: classify_throughput MODEL FILE [REPEATS]\n";
    return 2;
  }
  const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
  const double t0 = ThreadCpuSeconds();
  auto clf = topica::Classifier::FromFile(argv[1]);
  if (!clf.ok()) {
    std::cerr << "classify_throughput: " << clf.status().message() << "\n";
    return 1;
  }
  const double load = ThreadCpuSeconds() - t0;
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::cerr << "classify_throughput: cannot read " << argv[2] << "\n";
    return 1;
  }
  std::vector<std::string> docs;
  size_t bytes = 0;
  for (std::string line; std::getline(in, line);) {
    bytes += line.size() + 1;
    docs.push_back(std::move(line));
  }
  std::vector<double> rates;
  size_t checksum = 0;
  for (int r = 0; r < repeats; ++r) {
    const double start = ThreadCpuSeconds();
    for (const std::string& d : docs) checksum += clf->Classify(d).labels.size();
    rates.push_back(static_cast<double>(bytes) / 1e6 / (ThreadCpuSeconds() - start));
  }
  std::sort(rates.begin(), rates.end());
  std::printf("%zu docs, %.1f MB, load %.3f s CPU: best %.2f MB/s, median %.2f MB/s (%.0f docs/s); "
              "%zu labels predicted per pass\n",
              docs.size(), static_cast<double>(bytes) / 1e6, load, rates.back(),
              rates[rates.size() / 2],
              rates[rates.size() / 2] * 1e6 / static_cast<double>(bytes) * static_cast<double>(docs.size()),
              checksum / static_cast<size_t>(repeats));
  return 0;
}
