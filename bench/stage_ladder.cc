// Where classify time goes: the library's path cut into cumulative stages, each timed over the
// same in-memory documents, from the bench's bare pass up to the full decision. Built natively
// and as WebAssembly for Node (bench/CMakeLists.txt), from the same source, so each stage's
// WASM/native ratio and each stage's cost against the bare pass come from one run.
//
//   stage_ladder MODEL FILE [REPEATS=5]      (WebAssembly: node stage_ladder.cjs MODEL FILE)
//
// FILE holds one document per line. Stages, each doing all the work of the one before:
//   bare       read the bytes, lower-case ASCII, split at non-alphanumerics (bare_pass.h)
//   tokenize   the model's tokenizer: Unicode case folding and word rules, each token hashed
//   terms      + every word/char n-gram key the model's settings define (ForEachTerm)
//   lookup     + each key's feature id, with Vectorize's native prefetching (WebAssembly has no
//              prefetch, and this loop lacks Vectorize's WASM-only batching: an upper bound there)
//   vectorize  the whole FeatureSpace::Vectorize: + feature-id sort, counts, tf-idf, L2 norm
//   score      + raw scores of every label (Scorer::Raw)
//   classify   Classifier::ClassifyIndices: the predicted labels, what the CLI and classifyMany
//              print with --scores none (probabilities and thresholds for a multi-label model)
// The stages run round robin, REPEATS rounds, so that a slow moment of this shared machine hits
// all of them; each stage's best and median rate (MB of documents per wall-clock second of this
// thread, which the Node build can also measure) is printed as one JSON object on stdout.
// Nothing here is built into the library or the npm package.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "bare_pass.h"
#include "feature_space.h"
#include "model.h"
#include "scorer.h"
#include "topica/classifier.h"

namespace {

using topica::internal::FeatureScratch;
using topica::internal::FeatureSpace;
using topica::internal::Scorer;
using topica::internal::SparseVec;
using topica::internal::TermRef;
using topica::internal::TokenBuffer;

bool ReadFile(const char* path, std::string* out) {
  std::FILE* f = std::fopen(path, "rb");
  if (f == nullptr) return false;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out->append(buf, n);
  const bool ok = !std::ferror(f);
  std::fclose(f);
  return ok;
}

// Keeps a value alive without a side effect the compiler could see through.
template <class T>
void Use(const T& v) {
  asm volatile("" : : "r"(&v) : "memory");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: stage_ladder MODEL FILE [REPEATS]\n");
    return 2;
  }
  const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
  std::string model_json, text;
  if (!ReadFile(argv[1], &model_json)) {
    std::fprintf(stderr, "stage_ladder: %s: cannot read\n", argv[1]);
    return 1;
  }
  if (!ReadFile(argv[2], &text)) {
    std::fprintf(stderr, "stage_ladder: %s: cannot read\n", argv[2]);
    return 1;
  }
  // The internals, as Classifier::FromJson builds them, and the public classifier itself.
  auto model = topica::internal::ParseModel(model_json, topica::internal::ClassifierReadOptions());
  if (!model.ok()) {
    std::fprintf(stderr, "stage_ladder: %s: %s\n", argv[1], model.status().message().c_str());
    return 1;
  }
  auto space = FeatureSpace::Build(*model);
  if (!space.ok()) {
    std::fprintf(stderr, "stage_ladder: %s: %s\n", argv[1], space.status().message().c_str());
    return 1;
  }
  const Scorer scorer(*model);
  auto clf = topica::Classifier::FromJson(model_json);
  if (!clf.ok()) {
    std::fprintf(stderr, "stage_ladder: %s: %s\n", argv[1], clf.status().message().c_str());
    return 1;
  }
  model_json = std::string();

  std::vector<std::string_view> docs;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    docs.emplace_back(text.data() + at, end - at);
    at = end + 1;
  }
  const double mb = static_cast<double>(text.size()) / 1e6;

  BarePass bare;
  TokenBuffer tokens;
  FeatureScratch scratch;
  SparseVec x;
  std::vector<float> raw(static_cast<size_t>(scorer.num_labels()));
  std::vector<int32_t> labels;
  const auto& extractor = space->extractor();
  // As Classifier::ClassifyIndices tokenizes: token texts only when char n-grams need them.
  constexpr auto kText = topica::internal::TokenText::kIfNeeded;
  struct Stage {
    const char* name;
    std::vector<double> rates;
    uint64_t check = 0;  // a count each pass reproduces: tokens, terms, features or labels
  };
  std::vector<Stage> stages = {{"bare", {}},      {"tokenize", {}}, {"terms", {}},
                               {"lookup", {}},    {"vectorize", {}}, {"score", {}},
                               {"classify", {}}};
  auto pass = [&](size_t stage) -> uint64_t {
    uint64_t n = 0;
    for (std::string_view d : docs) {
      switch (stage) {
        case 0: {
          const uint64_t before = bare.tokens;
          bare.Feed(reinterpret_cast<const unsigned char*>(d.data()), d.size());
          bare.Finish();
          n += bare.tokens - before;
          break;
        }
        case 1:
          extractor.Tokenize(d, &tokens, kText);
          n += tokens.tokens.size();
          break;
        case 2: {  // the keys Vectorize collects, into the same kind of vector
          extractor.Tokenize(d, &tokens, kText);
          std::vector<uint64_t>& keys = scratch.keys;
          keys.clear();
          extractor.ForEachTerm(tokens, [&](uint64_t key, const TermRef&) { keys.push_back(key); });
          Use(keys.data());
          n += keys.size();
          break;
        }
        case 3: {  // + the key-table lookups, with Vectorize's native prefetch (none in WASM)
          extractor.Tokenize(d, &tokens, kText);
          std::vector<uint64_t>& keys = scratch.keys;
          keys.clear();
          extractor.ForEachTerm(tokens, [&](uint64_t key, const TermRef&) { keys.push_back(key); });
          constexpr size_t kAhead = 8;
          for (size_t k = 0; k < keys.size() && k < kAhead; ++k) space->PrefetchFeature(keys[k]);
          for (size_t k = 0; k < keys.size(); ++k) {
            if (k + kAhead < keys.size()) space->PrefetchFeature(keys[k + kAhead]);
            n += space->FeatureOf(keys[k]) >= 0;
          }
          break;
        }
        case 4:
          space->Vectorize(d, &scratch, &x, kText);
          n += static_cast<uint64_t>(x.nonZeros());
          break;
        case 5:
          space->Vectorize(d, &scratch, &x, kText);
          scorer.Raw(x, raw.data());
          Use(raw.data());
          n += static_cast<uint64_t>(x.nonZeros());
          break;
        default:
          clf->ClassifyIndices(d, &labels);
          n += labels.size();
          break;
      }
    }
    return n;
  };
  for (int r = 0; r <= repeats; ++r) {  // round 0 warms up (and, in Node, lets V8 optimise)
    for (size_t s = 0; s < stages.size(); ++s) {
      const auto t0 = std::chrono::steady_clock::now();
      const uint64_t n = pass(s);
      const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (r == 0) {
        stages[s].check = n;
      } else {
        if (n != stages[s].check) {
          std::fprintf(stderr, "stage_ladder: stage %s counted %llu, then %llu\n", stages[s].name,
                       static_cast<unsigned long long>(stages[s].check),
                       static_cast<unsigned long long>(n));
          return 1;
        }
        stages[s].rates.push_back(mb / std::max(sec, 1e-9));
      }
    }
  }
  std::printf("{\"bytes\": %zu, \"docs\": %zu, \"repeats\": %d, \"stages\": [", text.size(), docs.size(),
              repeats);
  for (size_t s = 0; s < stages.size(); ++s) {
    std::vector<double>& v = stages[s].rates;
    std::sort(v.begin(), v.end());
    std::printf("%s{\"stage\": \"%s\", \"best_mb_s\": %.3f, \"median_mb_s\": %.3f, \"count\": %llu}",
                s ? ", " : "", stages[s].name, v.back(), v[v.size() / 2],
                static_cast<unsigned long long>(stages[s].check));
  }
  std::printf("]}\n");
  return 0;
}
