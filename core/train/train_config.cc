// TrainConfig::Validate: the one place training settings are checked.
#include <cmath>
#include <string>

#include "topica/trainer.h"

namespace topica {
namespace {

Status Invalid(const std::string& what) { return Status(StatusCode::kInvalidArgument, what); }

std::string Num(double v) {
  std::string s = std::to_string(v);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

Status CheckRange(const char* name, int32_t lo, int32_t hi) {
  if (lo == 0 && hi == 0) return Status::Ok();
  if (lo < 1 || hi < lo || hi > 8) {
    return Invalid(std::string(name) + ": expected 1 <= min <= max <= 8 (or 0 0 for none), got " +
                   std::to_string(lo) + " " + std::to_string(hi));
  }
  return Status::Ok();
}

}  // namespace

Status TrainConfig::Validate() const {
  if (Status s = CheckRange("word n-grams", word_ngram_min, word_ngram_max); !s.ok()) return s;
  if (Status s = CheckRange("char n-grams", char_ngram_min, char_ngram_max); !s.ok()) return s;
  if (word_ngram_min == 0 && char_ngram_min == 0) {
    return Invalid("features: word n-grams and char n-grams are both off; enable one");
  }
  if (hash_bits < 0 || hash_bits > 30) {
    return Invalid("hash bits: expected 0 (vocabulary) or 1..30, got " + std::to_string(hash_bits));
  }
  if (min_df < 1) return Invalid("min df: expected an integer >= 1, got " + std::to_string(min_df));
  if (!(max_df > 0.0 && max_df <= 1.0)) return Invalid("max df: expected a fraction in (0, 1], got " + Num(max_df));
  if (max_features < 0) return Invalid("max features: expected >= 0 (0 = no limit), got " + std::to_string(max_features));
  if (!(std::isfinite(c) && c > 0.0)) return Invalid("c: expected a number > 0, got " + Num(c));
  for (const auto& [label, w] : label_weights) {
    if (!(std::isfinite(w) && w > 0.0)) {
      return Invalid("label weight for '" + label + "': expected a number > 0, got " + Num(w));
    }
  }
  if (!(std::isfinite(tolerance) && tolerance > 0.0)) return Invalid("tolerance: expected a number > 0, got " + Num(tolerance));
  if (max_iterations < 1) return Invalid("max iterations: expected >= 1, got " + std::to_string(max_iterations));
  if (folds < 2 || folds > 20) return Invalid("folds: expected 2..20, got " + std::to_string(folds));
  if (tune_threshold_min_positives < 1) {
    return Invalid("tune threshold min positives: expected >= 1, got " +
                   std::to_string(tune_threshold_min_positives));
  }
  if (!(std::isfinite(min_weight) && min_weight >= 0.0)) return Invalid("min weight: expected a number >= 0, got " + Num(min_weight));
  if (significant_digits < 0 || significant_digits > 9) {
    return Invalid("significant digits: expected 0 (exact) or 1..9, got " + std::to_string(significant_digits));
  }
  return Status::Ok();
}

}  // namespace topica
