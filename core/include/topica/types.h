// Plain result types returned by topica::Classifier. Standard library only.
#ifndef TOPICA_TYPES_H_
#define TOPICA_TYPES_H_

#include <cstdint>
#include <string>
#include <vector>

namespace topica {

// How a model decides: one label per document (softmax over labels) or any number of
// labels (one independent sigmoid per label, each with its own threshold).
enum class Task : int32_t { kMultiClass = 0, kMultiLabel = 1 };

const char* TaskName(Task task);  // "multiclass" / "multilabel"

struct LabelScore {
  std::string label;
  float probability = 0.0f;  // calibrated probability
  float raw = 0.0f;          // raw linear score: w . x + b
};

struct Classification {
  std::vector<std::string> labels;  // predicted labels, model label order
  std::vector<LabelScore> scores;   // one entry per model label, model label order
};

// One token of the input as the model sees it.
struct Token {
  std::string text;      // normalised (lower-cased) form
  uint32_t begin = 0;    // byte offset of the token's first byte in the input
  uint32_t end = 0;      // byte offset one past its last byte
};

// Exact additive contribution of one input term (word n-gram or character n-gram) to a
// label's raw score: contribution = value * weight.
struct TermContribution {
  std::string term;    // e.g. "sanctions", "security council", "#<nucl" (character n-gram)
  float value = 0.0f;  // the term's tf-idf value in this document
  float weight = 0.0f;
  float contribution = 0.0f;
};

// A token's share of the explained label's score: every term's contribution split evenly
// over the tokens it covers. For highlighting text.
struct TokenContribution {
  uint32_t begin = 0;  // byte offsets into the input
  uint32_t end = 0;
  float contribution = 0.0f;
};

struct Explanation {
  std::string label;
  float raw_score = 0.0f;    // == bias + sum of all terms' contributions
  float bias = 0.0f;
  float probability = 0.0f;
  bool predicted = false;
  std::vector<TermContribution> terms;    // by |contribution|, largest first (maybe truncated)
  int32_t total_terms = 0;                // terms before truncation
  std::vector<TokenContribution> tokens;  // every token of the input, in text order
};

}  // namespace topica

#endif  // TOPICA_TYPES_H_
