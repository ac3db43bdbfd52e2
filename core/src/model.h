// ModelData: everything in a topica model file, as plain validated values. The JSON format is
// specified in models/README.md; ParseModel is its only reader (it validates every shape and
// value before anything else uses them) and train/model_writer.cc its only writer.
#ifndef TOPICA_SRC_MODEL_H_
#define TOPICA_SRC_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer.h"
#include "topica/status.h"
#include "topica/types.h"

namespace topica::internal {

inline constexpr const char* kModelFormatName = "topica-model";
inline constexpr int32_t kModelFormatVersion = 1;

// Limits the reader enforces, so a hostile file cannot ask for absurd sizes.
inline constexpr int32_t kMaxLabels = 65535;
inline constexpr int32_t kMaxNgram = 8;
inline constexpr uint32_t kMaxHashBuckets = 1u << 30;
inline constexpr int32_t kMaxJsonDepth = 32;

enum class FeatureMapping : int32_t { kVocabulary = 0, kHashing = 1 };

struct FeatureSettings {
  int32_t word_ngram_min = 0;  // 0 = no word n-grams
  int32_t word_ngram_max = 0;
  int32_t char_ngram_min = 0;  // 0 = no character n-grams
  int32_t char_ngram_max = 0;
  FeatureMapping mapping = FeatureMapping::kVocabulary;
  uint32_t hash_buckets = 0;   // hashing mode only
  bool sublinear_tf = true;    // tf -> 1 + ln(tf)
};

enum class CalibrationMethod : int32_t { kPlatt = 0, kSoftmaxTemperature = 1 };

struct Calibration {
  CalibrationMethod method = CalibrationMethod::kPlatt;
  std::vector<float> a;   // platt: p = sigmoid(a * raw + b), per label
  std::vector<float> b;
  float temperature = 1.0f;  // softmax: p = softmax(raw / temperature)
};

struct SelfTestSample {
  std::string text;
  std::vector<float> raw;  // expected raw scores, one per label
};

struct ModelData {
  std::string producer;
  std::string name;
  Task task = Task::kMultiLabel;
  std::vector<std::string> labels;
  TokenizerOptions tokenizer;
  std::string unicode_version;
  FeatureSettings features;
  // The features, in id order: vocabulary terms, or used hash buckets (ascending).
  std::vector<std::string> terms;
  std::vector<uint32_t> buckets;
  std::vector<float> idf;
  // Weights: labels x features, compressed sparse columns (one column per feature). The file
  // stores each column's count ("col_counts"); col_ptr is their running sum.
  std::vector<int32_t> col_ptr;   // size features + 1
  std::vector<int32_t> row_idx;   // label index of each stored weight
  std::vector<float> values;
  std::vector<float> bias;        // per label
  Calibration calibration;
  std::vector<float> thresholds;  // multilabel: per label, probability scale
  std::string training_json = "{}";  // free-form training summary (JSON object text)
  std::vector<SelfTestSample> self_test;

  int32_t num_features() const { return static_cast<int32_t>(idf.size()); }
};

// A stored weight: the file's number times weights.scale, rounded once to float. Shared by the
// reader and the writer so both compute exactly the same float.
inline double Dequantize(double stored, double scale) { return stored * scale; }

// Parses and validates a model. Error messages name the JSON path, e.g.
// "model.weights.col_counts: expected 1200 entries (features), got 1199".
Result<ModelData> ParseModel(std::string_view json);

// Where ParseModel(ModelByteSource&) pulls a model's bytes from, a chunk at a time, so that a
// model file never has to be in memory whole.
class ModelByteSource {
 public:
  virtual ~ModelByteSource() = default;
  // Copies up to `capacity` bytes into `buffer`; returns how many (0 at the end of the input),
  // or -1 if reading failed.
  virtual int64_t Read(char* buffer, size_t capacity) = 0;
  // The input's total size if known (a regular file), else -1. Only bounds how much the reader
  // reserves up front; a wrong hint costs reallocations, never correctness.
  virtual int64_t SizeHint() const { return -1; }
};

// ParseModel on bytes read from `source`: the same checks, messages and result. A read error
// gives kIoError.
Result<ModelData> ParseModel(ModelByteSource& source);

// Checks the invariants ParseModel guarantees (shapes, ranges, finiteness, sorted and unique
// features). The writer calls it too, so no invalid model is ever written.
Status ValidateModel(const ModelData& model);

}  // namespace topica::internal

#endif  // TOPICA_SRC_MODEL_H_
