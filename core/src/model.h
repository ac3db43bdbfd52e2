// ModelData: everything in a topica model file, as plain validated values. The JSON format is
// specified in models/README.md; ParseModel is its only reader (it validates every shape and
// value before anything else uses them) and train/model_writer.cc its only writer.
#ifndef TOPICA_SRC_MODEL_H_
#define TOPICA_SRC_MODEL_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
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

// A 32-bit word of weights as the classifier holds them: a label index or a weight.
union WeightWord {
  float value;
  int32_t label;
};

// An array of WeightWords in one malloc'd block, so that it can shrink (and grow) in place with
// realloc, which std::vector cannot: a big array that is packed in place then releases its tail
// without a second copy ever existing. New words are zero.
class WordArray {
 public:
  WordArray() = default;
  WordArray(const WordArray& o) { *this = o; }
  WordArray(WordArray&& o) noexcept { Swap(o); }
  WordArray& operator=(const WordArray& o) {
    if (this != &o) {
      Resize(0);
      Resize(o.size_);
      if (o.size_ > 0) std::memcpy(data_, o.data_, o.size_ * sizeof(WeightWord));
    }
    return *this;
  }
  WordArray& operator=(WordArray&& o) noexcept {
    WordArray().Swap(*this);
    Swap(o);
    return *this;
  }
  ~WordArray() { std::free(data_); }

  WeightWord* data() { return data_; }
  const WeightWord* data() const { return data_; }
  size_t size() const { return size_; }
  WeightWord& operator[](size_t i) { return data_[i]; }
  const WeightWord& operator[](size_t i) const { return data_[i]; }

  // Room for n words without reallocating.
  void Reserve(size_t n) {
    if (n > capacity_) Reallocate(n);
  }
  // n words; the ones added are zero. Keeps the capacity (see ShrinkToFit).
  void Resize(size_t n) {
    if (n > capacity_) Reallocate(n);
    if (n > size_) std::memset(data_ + size_, 0, (n - size_) * sizeof(WeightWord));
    size_ = n;
  }
  // Appends two zero words, growing the capacity geometrically.
  void AppendPair() {
    if (size_ + 2 > capacity_) Reallocate(std::max(size_ + 2, capacity_ + capacity_ / 2));
    data_[size_].label = 0;
    data_[size_ + 1].label = 0;
    size_ += 2;
  }
  // Gives the capacity beyond size() back to the allocator.
  void ShrinkToFit() {
    if (capacity_ > size_) Reallocate(size_);
  }

 private:
  void Swap(WordArray& o) {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
  }
  void Reallocate(size_t n) {
    if (n == 0) {
      std::free(data_);
      data_ = nullptr;
    } else {
      void* p = std::realloc(data_, n * sizeof(WeightWord));
      if (p == nullptr) std::abort();  // out of memory: what std::vector does without exceptions
      data_ = static_cast<WeightWord*>(p);
    }
    capacity_ = n;
  }

  WeightWord* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// The weights as ParseModel stores them with ReadOptions::interleave_weights: weight k's label
// (row_idx[k]) in words[2k] and its value (values[k]) in words[2k + 1], so that the Scorer can
// pack them into its own layout in place instead of building a copy next to the file's arrays.
// rows and values count the numbers the file gave for each (they differ only in an invalid file);
// words may hold more.
struct InterleavedWeights {
  bool used = false;
  WordArray words;
  size_t rows = 0;
  size_t values = 0;
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
  // Instead of row_idx and values (both then empty), when read with interleave_weights.
  InterleavedWeights interleaved;
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

struct ReadOptions {
  // Store row_idx and values as InterleavedWeights (the classifier's choice) instead of the two
  // arrays. The same checks and messages either way.
  bool interleave_weights = false;
};

// How Classifier::FromJson and FromFile read (Classifier::FromModel takes either layout).
inline ReadOptions ClassifierReadOptions() {
  ReadOptions options;
  options.interleave_weights = true;
  return options;
}

// Parses and validates a model. Error messages name the JSON path, e.g.
// "model.weights.col_counts: expected 1200 entries (features), got 1199".
Result<ModelData> ParseModel(std::string_view json, const ReadOptions& options = {});

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
Result<ModelData> ParseModel(ModelByteSource& source, const ReadOptions& options = {});

// Checks the invariants ParseModel guarantees (shapes, ranges, finiteness, sorted and unique
// features). The writer calls it too, so no invalid model is ever written.
Status ValidateModel(const ModelData& model);

}  // namespace topica::internal

#endif  // TOPICA_SRC_MODEL_H_
