// ParseModel / ValidateModel: the only way bytes become a ModelData. A model file is untrusted
// input: nothing here throws, allocates more than the input's own size justifies, or trusts a
// count.
//
// One pass of nlohmann/json's SAX parser over the bytes (in memory, or pulled a chunk at a time
// from a ModelByteSource). The arrays that grow with the model (features.terms, .buckets, .idf
// and weights.col_counts, .row_idx, .values) go straight into typed vectors as they are parsed
// (with ReadOptions::interleave_weights, row_idx and values into one array of (label, value)
// pairs instead, which the classifier's Scorer packs in place: see InterleavedWeights);
// everything else (settings, labels, calibration, self-test: kilobytes) is gathered into a small
// json DOM in which an empty array stands in for each streamed one. The checks then run in the
// same order as they would on a DOM of the whole file, so a file gets the same first error.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "json_error.h"
#include "model.h"
#include "status_macros.h"

namespace topica::internal {
namespace {

using nlohmann::json;

constexpr size_t kNoIndex = std::numeric_limits<size_t>::max();

Status Bad(const std::string& path, const std::string& what) {
  return Status(StatusCode::kDataLoss, path + ": " + what);
}

std::string TypeName(const json& j) { return j.type_name(); }

std::string ElementPath(const std::string& path, const char* key, size_t i) {
  return path + "." + key + "[" + std::to_string(i) + "]";
}

std::string IntRangeError(int64_t lo, int64_t hi, const std::string& got) {
  return "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
         "], got " + got;
}

// A stored number times the scale, as a float, if it is a finite one.
bool ScaledFloat(double stored, double scale, float* out) {
  const double d = Dequantize(stored, scale);
  if (!std::isfinite(d) || std::fabs(d) > std::numeric_limits<float>::max()) return false;
  *out = static_cast<float>(d);
  return true;
}

// Why a number is not a weight: the message ToFloat gives, or the scale's fault.
std::string NotFiniteError(double stored, double scale) {
  if (scale != 1.0) return "times the scale, not a finite 32-bit float";
  return "expected a finite number, got " + std::to_string(stored);
}

// ---- The small DOM --------------------------------------------------------------------------

const json* Member(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

Status GetObject(const json& parent, const std::string& path, const char* key, const json** out,
                 bool required = true) {
  *out = Member(parent, key);
  if (*out == nullptr) {
    return required ? Bad(path + "." + key, "missing") : Status::Ok();
  }
  if (!(*out)->is_object()) return Bad(path + "." + key, "expected an object, got " + TypeName(**out));
  return Status::Ok();
}

Status GetString(const json& parent, const std::string& path, const char* key, std::string* out,
                 bool required = true) {
  const json* j = Member(parent, key);
  if (j == nullptr) return required ? Bad(path + "." + key, "missing") : Status::Ok();
  if (!j->is_string()) return Bad(path + "." + key, "expected a string, got " + TypeName(*j));
  *out = j->get_ref<const std::string&>();
  return Status::Ok();
}

Status GetBool(const json& parent, const std::string& path, const char* key, bool* out) {
  const json* j = Member(parent, key);
  if (j == nullptr) return Bad(path + "." + key, "missing");
  if (!j->is_boolean()) return Bad(path + "." + key, "expected true or false, got " + TypeName(*j));
  *out = j->get<bool>();
  return Status::Ok();
}

Status ToInt64(const json& j, const std::string& path, int64_t lo, int64_t hi, int64_t* out) {
  if (j.is_number_unsigned()) {
    const uint64_t v = j.get<uint64_t>();
    if (v > static_cast<uint64_t>(hi)) return Bad(path, IntRangeError(lo, hi, std::to_string(v)));
    *out = static_cast<int64_t>(v);
  } else if (j.is_number_integer()) {
    *out = j.get<int64_t>();
  } else {
    return Bad(path, "expected an integer, got " + (j.is_number() ? std::string("a fraction")
                                                                  : TypeName(j)));
  }
  if (*out < lo || *out > hi) return Bad(path, IntRangeError(lo, hi, std::to_string(*out)));
  return Status::Ok();
}

Status ToFloat(const json& j, const std::string& path, float* out) {
  if (!j.is_number()) return Bad(path, "expected a number, got " + TypeName(j));
  const double v = j.get<double>();
  if (!ScaledFloat(v, 1.0, out)) return Bad(path, NotFiniteError(v, 1.0));
  return Status::Ok();
}

const json* GetArray(const json& parent, const std::string& path, const char* key, Status* st) {
  const json* j = Member(parent, key);
  if (j == nullptr) {
    *st = Bad(path + "." + key, "missing");
    return nullptr;
  }
  if (!j->is_array()) {
    *st = Bad(path + "." + key, "expected an array, got " + TypeName(*j));
    return nullptr;
  }
  return j;
}

// The per-label arrays (bias, calibration, thresholds, self-test scores), read from the DOM.
Status GetFloats(const json& parent, const std::string& path, const char* key,
                 std::vector<float>* out) {
  Status st;
  const json* arr = GetArray(parent, path, key, &st);
  if (arr == nullptr) return st;
  out->resize(arr->size());
  for (size_t i = 0; i < arr->size(); ++i) {
    const json& v = (*arr)[i];
    if (!v.is_number() || !ScaledFloat(v.get<double>(), 1.0, &(*out)[i])) {
      float unused;
      return ToFloat(v, ElementPath(path, key, i), &unused);
    }
  }
  return Status::Ok();
}

// ---- The streamed arrays ---------------------------------------------------------------------

// The first element of a streamed array that was not stored, and what it was.
struct BadElement {
  enum Kind : uint8_t { kType, kFraction, kSigned, kUnsigned, kNotFinite };
  size_t index = kNoIndex;
  Kind kind = kType;
  const char* type = "";  // kType: the element's JSON type
  int64_t i = 0;          // kSigned: an integer below int32's range
  uint64_t u = 0;         // kUnsigned: an integer above it
  double d = 0.0;         // kNotFinite: the stored number
};

// An array parsed at its key. Elements are stored up to the first bad one; the checks that need
// other parts of the model (ranges, the weights' scale) run when it is taken into the ModelData.
struct Streamed {
  bool present = false;
  BadElement bad;
  bool ok() const { return bad.index == kNoIndex; }
};

struct StreamedStrings : Streamed {
  std::vector<std::string> v;
};

// Integers that fit in int32; every valid value does. Either in `v`, or (weights.row_idx with
// interleave_weights) element k in the label word of pair k of `pairs`. Both streams into the
// pairs append in order, so the pairs always hold at least 2 * n words.
struct StreamedInts : Streamed {
  std::vector<int32_t> v;
  WordArray* pairs = nullptr;
  size_t n = 0;  // elements in pairs
  size_t size() const { return pairs != nullptr ? n : v.size(); }
  int32_t at(size_t i) const { return pairs != nullptr ? (*pairs)[2 * i].label : v[i]; }
  void Push(int32_t x) {
    if (pairs == nullptr) {
      v.push_back(x);
      return;
    }
    if (2 * n == pairs->size()) pairs->AppendPair();  // else the values came first
    (*pairs)[2 * n].label = x;
    ++n;
  }
  void Reserve(size_t count) {
    if (pairs != nullptr) pairs->Reserve(2 * count);
    else v.reserve(count);
  }
};

// Numbers as floats times `scale`, or (`scaled` false: the scale was not known yet when the
// array began) the stored numbers themselves, converted when taken. Scaled floats go in `v`, or
// (weights.values with interleave_weights) element k in the value word of pair k of `pairs`.
struct StreamedFloats : Streamed {
  bool scaled = true;
  double scale = 1.0;
  std::vector<float> v;
  std::vector<double> raw;
  WordArray* pairs = nullptr;
  size_t n = 0;  // scaled elements in pairs
  size_t size() const { return !scaled ? raw.size() : pairs != nullptr ? n : v.size(); }
  void Push(float x) {
    if (pairs == nullptr) {
      v.push_back(x);
      return;
    }
    if (2 * n == pairs->size()) pairs->AppendPair();  // else the row_idx came first
    (*pairs)[2 * n + 1].value = x;
    ++n;
  }
  void Reserve(size_t count) {
    if (!scaled) raw.reserve(count);
    else if (pairs != nullptr) pairs->Reserve(2 * count);
    else v.reserve(count);
  }
};

struct Streams {
  bool interleave = false;  // ReadOptions::interleave_weights
  StreamedStrings terms;
  StreamedInts buckets;
  StreamedFloats idf;
  StreamedInts col_counts;
  StreamedInts row_idx;
  StreamedFloats values;
  WordArray pairs;  // row_idx and values, interleaved
};

// Taking a streamed array gives the same result and first error as GetArray followed by reading
// every element of a DOM array would (the DOM holds the placeholder that GetArray checks).
Status TakeStrings(const json& parent, const std::string& path, const char* key,
                   StreamedStrings& s, std::vector<std::string>* out) {
  Status st;
  if (GetArray(parent, path, key, &st) == nullptr) return st;
  if (!s.ok()) {
    return Bad(ElementPath(path, key, s.bad.index),
               std::string("expected a string, got ") + s.bad.type);
  }
  *out = std::move(s.v);
  return Status::Ok();
}

Status TakeInts(const json& parent, const std::string& path, const char* key, StreamedInts& s,
                int64_t lo, int64_t hi, std::vector<int32_t>* out) {
  Status st;
  if (GetArray(parent, path, key, &st) == nullptr) return st;
  const size_t n = s.size();
  for (size_t i = 0; i < n; ++i) {
    const int32_t x = s.at(i);
    if (x < lo || x > hi) {
      return Bad(ElementPath(path, key, i), IntRangeError(lo, hi, std::to_string(x)));
    }
  }
  if (!s.ok()) {
    const BadElement& b = s.bad;
    std::string what;
    switch (b.kind) {
      case BadElement::kSigned: what = IntRangeError(lo, hi, std::to_string(b.i)); break;
      case BadElement::kUnsigned: what = IntRangeError(lo, hi, std::to_string(b.u)); break;
      case BadElement::kFraction: what = "expected an integer, got a fraction"; break;
      default: what = std::string("expected an integer, got ") + b.type; break;
    }
    return Bad(ElementPath(path, key, b.index), what);
  }
  if (s.pairs == nullptr) *out = std::move(s.v);  // else the numbers stay in the pairs
  return Status::Ok();
}

Status TakeFloats(const json& parent, const std::string& path, const char* key,
                  StreamedFloats& s, double scale, std::vector<float>* out) {
  Status st;
  if (GetArray(parent, path, key, &st) == nullptr) return st;
  if (!s.scaled) {
    std::vector<float> v(s.raw.size());
    for (size_t i = 0; i < v.size(); ++i) {
      if (!ScaledFloat(s.raw[i], scale, &v[i])) {
        return Bad(ElementPath(path, key, i), NotFiniteError(s.raw[i], scale));
      }
    }
    std::vector<double>().swap(s.raw);
    s.scaled = true;
    if (s.pairs != nullptr) {
      s.pairs->Reserve(2 * v.size());
      for (float f : v) s.Push(f);
    } else {
      s.v = std::move(v);
    }
  } else if (s.scale != scale) {
    // Only a repeated "scale" key after the array can do this; the numbers are gone.
    return Bad(path + ".scale", std::string("given again after ") + key + ", with another value");
  }
  if (!s.ok()) {
    const BadElement& b = s.bad;
    return Bad(ElementPath(path, key, b.index),
               b.kind == BadElement::kNotFinite ? NotFiniteError(b.d, scale)
                                                : std::string("expected a number, got ") + b.type);
  }
  if (s.pairs == nullptr) *out = std::move(s.v);  // else the numbers stay in the pairs
  return Status::Ok();
}

// ---- The checks, in the order a model is read ------------------------------------------

Status GetRange(const json& parent, const std::string& path, const char* key, int32_t* lo,
                int32_t* hi) {
  Status st;
  const json* arr = GetArray(parent, path, key, &st);
  if (arr == nullptr) return st;
  const std::string p = path + "." + key;
  if (arr->size() != 2) return Bad(p, "expected [min, max], got " + std::to_string(arr->size()) + " entries");
  int64_t a = 0, b = 0;
  if (Status s = ToInt64((*arr)[0], p + "[0]", 0, kMaxNgram, &a); !s.ok()) return s;
  if (Status s = ToInt64((*arr)[1], p + "[1]", 0, kMaxNgram, &b); !s.ok()) return s;
  if ((a == 0) != (b == 0) || a > b) {
    return Bad(p, "expected [0, 0] (off) or 1 <= min <= max <= " + std::to_string(kMaxNgram) +
                      ", got [" + std::to_string(a) + ", " + std::to_string(b) + "]");
  }
  *lo = static_cast<int32_t>(a);
  *hi = static_cast<int32_t>(b);
  return Status::Ok();
}

Status ReadHeader(const json& root, ModelData* m) {
  const json* format = Member(root, "format");
  if (format == nullptr || !format->is_string()) {
    return Bad("model.format", "missing; this is not a topica model file");
  }
  if (format->get_ref<const std::string&>() != kModelFormatName) {
    return Status(StatusCode::kUnimplemented,
                  "model.format: unknown model format '" + format->get_ref<const std::string&>() +
                      "' (expected '" + kModelFormatName + "')");
  }
  const json* version = Member(root, "format_version");
  if (version == nullptr) return Bad("model.format_version", "missing");
  int64_t v = 0;
  TOPICA_TRY(ToInt64(*version, "model.format_version", 1, std::numeric_limits<int32_t>::max(), &v));
  if (v > kModelFormatVersion) {
    return Status(StatusCode::kUnimplemented,
                  "model.format_version: the model is format version " + std::to_string(v) +
                      ", newer than this topica reads (" + std::to_string(kModelFormatVersion) +
                      "); upgrade topica");
  }
  TOPICA_TRY(GetString(root, "model", "producer", &m->producer));
  TOPICA_TRY(GetString(root, "model", "name", &m->name, /*required=*/false));
  std::string task;
  TOPICA_TRY(GetString(root, "model", "task", &task));
  if (task == "multiclass") m->task = Task::kMultiClass;
  else if (task == "multilabel") m->task = Task::kMultiLabel;
  else return Bad("model.task", "expected \"multiclass\" or \"multilabel\", got \"" + task + "\"");
  return Status::Ok();
}

Status ReadLabels(const json& root, ModelData* m) {
  Status st;
  const json* arr = GetArray(root, "model", "labels", &st);
  if (arr == nullptr) return st;
  const size_t min_labels = m->task == Task::kMultiClass ? 2 : 1;
  if (arr->size() < min_labels || arr->size() > static_cast<size_t>(kMaxLabels)) {
    return Bad("model.labels", "expected " + std::to_string(min_labels) + " to " +
                                   std::to_string(kMaxLabels) + " labels, got " +
                                   std::to_string(arr->size()));
  }
  for (size_t i = 0; i < arr->size(); ++i) {
    const json& l = (*arr)[i];
    const std::string p = "model.labels[" + std::to_string(i) + "]";
    if (!l.is_string()) return Bad(p, "expected a string, got " + TypeName(l));
    m->labels.push_back(l.get<std::string>());
  }
  return Status::Ok();
}

Status ReadTokenizer(const json& root, ModelData* m) {
  const json* tok = nullptr;
  TOPICA_TRY(GetObject(root, "model", "tokenizer", &tok));
  TOPICA_TRY(GetBool(*tok, "model.tokenizer", "lowercase", &m->tokenizer.lowercase));
  TOPICA_TRY(GetBool(*tok, "model.tokenizer", "strip_accents", &m->tokenizer.strip_accents));
  TOPICA_TRY(GetBool(*tok, "model.tokenizer", "unspaced_bigrams", &m->tokenizer.unspaced_bigrams));
  TOPICA_TRY(GetString(*tok, "model.tokenizer", "unicode_version", &m->unicode_version, false));
  return Status::Ok();
}

Status ReadFeatures(const json& root, Streams& streams, ModelData* m) {
  const json* f = nullptr;
  TOPICA_TRY(GetObject(root, "model", "features", &f));
  const std::string p = "model.features";
  FeatureSettings& s = m->features;
  TOPICA_TRY(GetRange(*f, p, "word_ngrams", &s.word_ngram_min, &s.word_ngram_max));
  TOPICA_TRY(GetRange(*f, p, "char_ngrams", &s.char_ngram_min, &s.char_ngram_max));
  TOPICA_TRY(GetBool(*f, p, "sublinear_tf", &s.sublinear_tf));
  std::string norm;
  TOPICA_TRY(GetString(*f, p, "norm", &norm));
  if (norm != "l2") return Bad(p + ".norm", "expected \"l2\", got \"" + norm + "\"");
  std::string mapping;
  TOPICA_TRY(GetString(*f, p, "mapping", &mapping));
  if (mapping == "vocabulary") {
    s.mapping = FeatureMapping::kVocabulary;
    TOPICA_TRY(TakeStrings(*f, p, "terms", streams.terms, &m->terms));
  } else if (mapping == "hashing") {
    s.mapping = FeatureMapping::kHashing;
    const json* nb = Member(*f, "hash_buckets");
    if (nb == nullptr) return Bad(p + ".hash_buckets", "missing (required by mapping \"hashing\")");
    int64_t n = 0;
    TOPICA_TRY(ToInt64(*nb, p + ".hash_buckets", 1, kMaxHashBuckets, &n));
    s.hash_buckets = static_cast<uint32_t>(n);
    std::vector<int32_t> buckets;
    TOPICA_TRY(TakeInts(*f, p, "buckets", streams.buckets, 0, n - 1, &buckets));
    m->buckets.assign(buckets.begin(), buckets.end());
  } else {
    return Bad(p + ".mapping", "expected \"vocabulary\" or \"hashing\", got \"" + mapping + "\"");
  }
  TOPICA_TRY(TakeFloats(*f, p, "idf", streams.idf, 1.0, &m->idf));
  const size_t n = s.mapping == FeatureMapping::kVocabulary ? m->terms.size() : m->buckets.size();
  if (m->idf.size() != n) {
    return Bad(p + ".idf", "expected " + std::to_string(n) + " entries (" +
                               (s.mapping == FeatureMapping::kVocabulary ? "terms" : "buckets") +
                               "), got " + std::to_string(m->idf.size()));
  }
  return Status::Ok();
}

Status ReadWeights(const json& root, Streams& streams, ModelData* m) {
  const json* w = nullptr;
  TOPICA_TRY(GetObject(root, "model", "weights", &w));
  const std::string p = "model.weights";
  const json* rows = Member(*w, "rows");
  const json* cols = Member(*w, "cols");
  if (rows == nullptr) return Bad(p + ".rows", "missing");
  if (cols == nullptr) return Bad(p + ".cols", "missing");
  int64_t r = 0, c = 0;
  TOPICA_TRY(ToInt64(*rows, p + ".rows", 0, kMaxLabels, &r));
  TOPICA_TRY(ToInt64(*cols, p + ".cols", 0, std::numeric_limits<int32_t>::max() - 1, &c));
  if (r != static_cast<int64_t>(m->labels.size())) {
    return Bad(p + ".rows", "expected " + std::to_string(m->labels.size()) + " (labels), got " + std::to_string(r));
  }
  if (c != m->num_features()) {
    return Bad(p + ".cols", "expected " + std::to_string(m->num_features()) + " (features), got " + std::to_string(c));
  }
  // Column counts -> column pointers, checked against the number of stored weights.
  std::vector<int32_t> counts;
  TOPICA_TRY(TakeInts(*w, p, "col_counts", streams.col_counts, 0, r, &counts));
  if (counts.size() != static_cast<size_t>(c)) {
    return Bad(p + ".col_counts", "expected " + std::to_string(c) + " entries (features), got " +
                                      std::to_string(counts.size()));
  }
  TOPICA_TRY(TakeInts(*w, p, "row_idx", streams.row_idx, 0, r - 1, &m->row_idx));
  const int64_t stored = static_cast<int64_t>(streams.interleave ? streams.row_idx.size()  // in the pairs
                                                                   : m->row_idx.size());
  int64_t total = 0;
  m->col_ptr.assign(1, 0);
  m->col_ptr.reserve(counts.size() + 1);
  for (int32_t n : counts) {
    total += n;
    if (total > stored) break;
    m->col_ptr.push_back(static_cast<int32_t>(total));
  }
  if (total != stored) {
    const bool over = total > stored;
    return Bad(p + ".col_counts", std::string("the counts add up to ") + (over ? "more than " : "") +
                                      std::to_string(over ? stored : total) + ", but there are " +
                                      std::to_string(stored) + " stored weights (row_idx)");
  }
  std::vector<int32_t>().swap(counts);
  double scale = 1.0;
  if (const json* sc = Member(*w, "scale"); sc != nullptr) {
    float f = 0.0f;
    TOPICA_TRY(ToFloat(*sc, p + ".scale", &f));
    scale = sc->get<double>();
    if (!(scale > 0.0)) return Bad(p + ".scale", "expected a number > 0, got " + std::to_string(scale));
  }
  TOPICA_TRY(TakeFloats(*w, p, "values", streams.values, scale, &m->values));
  if (streams.interleave) {
    m->interleaved.used = true;
    m->interleaved.rows = streams.row_idx.size();
    m->interleaved.values = streams.values.size();
    m->interleaved.words = std::move(streams.pairs);
  }
  TOPICA_TRY(GetFloats(root, "model", "bias", &m->bias));
  return Status::Ok();
}

Status ReadDecision(const json& root, ModelData* m) {
  const json* cal = nullptr;
  TOPICA_TRY(GetObject(root, "model", "calibration", &cal));
  std::string method;
  TOPICA_TRY(GetString(*cal, "model.calibration", "method", &method));
  if (m->task == Task::kMultiLabel) {
    if (method != "platt") {
      return Bad("model.calibration.method", "expected \"platt\" for a multilabel model, got \"" + method + "\"");
    }
    m->calibration.method = CalibrationMethod::kPlatt;
    TOPICA_TRY(GetFloats(*cal, "model.calibration", "a", &m->calibration.a));
    TOPICA_TRY(GetFloats(*cal, "model.calibration", "b", &m->calibration.b));
    TOPICA_TRY(GetFloats(root, "model", "thresholds", &m->thresholds));
  } else {
    if (method != "softmax_temperature") {
      return Bad("model.calibration.method",
                 "expected \"softmax_temperature\" for a multiclass model, got \"" + method + "\"");
    }
    m->calibration.method = CalibrationMethod::kSoftmaxTemperature;
    const json* t = Member(*cal, "temperature");
    if (t == nullptr) return Bad("model.calibration.temperature", "missing");
    TOPICA_TRY(ToFloat(*t, "model.calibration.temperature", &m->calibration.temperature));
    if (Member(root, "thresholds") != nullptr) {
      return Bad("model.thresholds", "not allowed in a multiclass model (it predicts the top label)");
    }
  }
  return Status::Ok();
}

Status ReadExtras(const json& root, ModelData* m) {
  if (const json* tr = Member(root, "training"); tr != nullptr) {
    if (!tr->is_object()) return Bad("model.training", "expected an object, got " + TypeName(*tr));
    m->training_json = tr->dump();
  }
  const json* st = Member(root, "self_test");
  if (st == nullptr) return Status::Ok();
  if (!st->is_array()) return Bad("model.self_test", "expected an array, got " + TypeName(*st));
  for (size_t i = 0; i < st->size(); ++i) {
    const std::string p = "model.self_test[" + std::to_string(i) + "]";
    const json& s = (*st)[i];
    if (!s.is_object()) return Bad(p, "expected an object, got " + TypeName(s));
    SelfTestSample sample;
    TOPICA_TRY(GetString(s, p, "text", &sample.text));
    TOPICA_TRY(GetFloats(s, p, "raw", &sample.raw));
    m->self_test.push_back(std::move(sample));
  }
  return Status::Ok();
}

std::string Count(size_t n) { return std::to_string(n); }

// The weights' checks in ValidateModel, on either layout (row(k), value(k): weight k's).
template <typename Row, typename Value>
Status CheckColumns(const std::vector<int32_t>& col_ptr, size_t L, size_t rows, size_t values,
                    Row row, Value value) {
  const size_t F = col_ptr.size() - 1;
  if (rows != values) {
    return Bad("model.weights.values", "expected " + Count(rows) + " entries (as row_idx), got " + Count(values));
  }
  if (col_ptr[0] != 0) return Bad("model.weights.col_counts", "column pointers must start at 0");
  for (size_t j = 0; j < F; ++j) {
    const int32_t lo = col_ptr[j], hi = col_ptr[j + 1];
    if (hi < lo) return Bad("model.weights.col_counts[" + Count(j) + "]", "negative");
    if (static_cast<size_t>(hi) > rows) {
      return Bad("model.weights.col_counts[" + Count(j) + "]", "runs past the " + Count(rows) + " stored weights");
    }
    for (int32_t k = lo; k < hi; ++k) {
      const int32_t r = row(k);
      if (r < 0 || static_cast<size_t>(r) >= L) {
        return Bad("model.weights.row_idx[" + std::to_string(k) + "]", "label index out of range");
      }
      if (k > lo && row(k - 1) >= r) {
        return Bad("model.weights.row_idx[" + std::to_string(k) + "]", "label indices within a column must be ascending");
      }
      if (!std::isfinite(value(k))) return Bad("model.weights.values[" + std::to_string(k) + "]", "not finite");
    }
  }
  if (static_cast<size_t>(col_ptr[F]) != rows) {
    return Bad("model.weights.col_counts", "the counts add up to " + std::to_string(col_ptr[F]) + ", but there are " + Count(rows) + " stored weights (row_idx)");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateModel(const ModelData& m) {
  const size_t L = m.labels.size();
  const size_t F = m.idf.size();
  if (L == 0 || L > static_cast<size_t>(kMaxLabels)) return Bad("model.labels", "expected 1 to 65535 labels, got " + Count(L));
  if (m.task == Task::kMultiClass && L < 2) return Bad("model.labels", "a multiclass model needs at least 2 labels");
  std::set<std::string_view> seen;
  for (size_t i = 0; i < L; ++i) {
    if (m.labels[i].empty()) return Bad("model.labels[" + Count(i) + "]", "empty label");
    if (!seen.insert(m.labels[i]).second) {
      return Bad("model.labels[" + Count(i) + "]", "duplicate label '" + m.labels[i] + "'");
    }
  }
  const FeatureSettings& s = m.features;
  if (s.word_ngram_min == 0 && s.char_ngram_min == 0) {
    return Bad("model.features", "neither word_ngrams nor char_ngrams is enabled");
  }
  if (s.mapping == FeatureMapping::kVocabulary) {
    if (m.terms.size() != F) return Bad("model.features.idf", "expected " + Count(m.terms.size()) + " entries (terms), got " + Count(F));
    if (!m.buckets.empty()) return Bad("model.features.buckets", "not allowed with mapping \"vocabulary\"");
    for (size_t i = 0; i < F; ++i) {
      if (m.terms[i].empty()) return Bad("model.features.terms[" + Count(i) + "]", "empty term");
      if (i > 0 && !(m.terms[i - 1] < m.terms[i])) {
        return Bad("model.features.terms[" + Count(i) + "]",
                   "terms must be sorted and unique (by bytes); '" + m.terms[i] + "' follows '" + m.terms[i - 1] + "'");
      }
    }
  } else {
    if (m.buckets.size() != F) return Bad("model.features.idf", "expected " + Count(m.buckets.size()) + " entries (buckets), got " + Count(F));
    if (!m.terms.empty()) return Bad("model.features.terms", "not allowed with mapping \"hashing\"");
    if (s.hash_buckets == 0 || s.hash_buckets > kMaxHashBuckets) return Bad("model.features.hash_buckets", "out of range");
    for (size_t i = 0; i < F; ++i) {
      if (m.buckets[i] >= s.hash_buckets) return Bad("model.features.buckets[" + Count(i) + "]", "bucket out of range");
      if (i > 0 && m.buckets[i - 1] >= m.buckets[i]) {
        return Bad("model.features.buckets[" + Count(i) + "]", "buckets must be ascending and unique");
      }
    }
  }
  for (size_t i = 0; i < F; ++i) {
    if (!std::isfinite(m.idf[i]) || m.idf[i] <= 0.0f) {
      return Bad("model.features.idf[" + Count(i) + "]", "expected a finite number > 0, got " + std::to_string(m.idf[i]));
    }
  }
  if (m.col_ptr.size() != F + 1) {
    return Bad("model.weights.col_counts", "expected " + Count(F) + " entries (features), got " + Count(m.col_ptr.size() - 1));
  }
  if (m.interleaved.used) {
    const InterleavedWeights& w = m.interleaved;
    if (!m.row_idx.empty() || !m.values.empty()) {
      return Bad("model.weights", "both interleaved and separate weight arrays");
    }
    if (w.words.size() / 2 < std::max(w.rows, w.values)) {
      return Bad("model.weights", "fewer interleaved words than weights");
    }
    const WeightWord* words = w.words.data();
    TOPICA_TRY(CheckColumns(m.col_ptr, L, w.rows, w.values,
                            [words](int32_t k) { return words[2 * static_cast<size_t>(k)].label; },
                            [words](int32_t k) { return words[2 * static_cast<size_t>(k) + 1].value; }));
  } else {
    const int32_t* row_idx = m.row_idx.data();
    const float* values = m.values.data();
    TOPICA_TRY(CheckColumns(m.col_ptr, L, m.row_idx.size(), m.values.size(),
                            [row_idx](int32_t k) { return row_idx[k]; },
                            [values](int32_t k) { return values[k]; }));
  }
  auto check_per_label = [&](const std::vector<float>& v, const std::string& path) -> Status {
    if (v.size() != L) return Bad(path, "expected " + Count(L) + " entries (labels), got " + Count(v.size()));
    for (size_t i = 0; i < L; ++i) {
      if (!std::isfinite(v[i])) return Bad(path + "[" + Count(i) + "]", "not finite");
    }
    return Status::Ok();
  };
  TOPICA_TRY(check_per_label(m.bias, "model.bias"));
  if (m.task == Task::kMultiLabel) {
    TOPICA_TRY(check_per_label(m.calibration.a, "model.calibration.a"));
    TOPICA_TRY(check_per_label(m.calibration.b, "model.calibration.b"));
    TOPICA_TRY(check_per_label(m.thresholds, "model.thresholds"));
    for (size_t i = 0; i < L; ++i) {
      if (m.thresholds[i] < 0.0f || m.thresholds[i] > 1.0f) {
        return Bad("model.thresholds[" + Count(i) + "]", "expected a probability in [0, 1], got " + std::to_string(m.thresholds[i]));
      }
    }
  } else {
    const float t = m.calibration.temperature;
    if (!std::isfinite(t) || t <= 0.0f) {
      return Bad("model.calibration.temperature", "expected a finite number > 0, got " + std::to_string(t));
    }
  }
  for (size_t i = 0; i < m.self_test.size(); ++i) {
    TOPICA_TRY(check_per_label(m.self_test[i].raw, "model.self_test[" + Count(i) + "].raw"));
  }
  return Status::Ok();
}

namespace {

// ---- The parser's input ---------------------------------------------------------------------

// Bytes from memory, or from a ModelByteSource a chunk at a time; counts what was consumed.
class ByteSource {
 public:
  explicit ByteSource(std::string_view text)
      : begin_(text.data()), next_(text.data()), end_(text.data() + text.size()),
        size_(static_cast<int64_t>(text.size())) {}
  explicit ByteSource(ModelByteSource* in) : in_(in), buffer_(kChunk), size_(in->SizeHint()) {
    begin_ = next_ = end_ = buffer_.data();
  }

  bool AtEnd() { return next_ == end_ && !Refill(); }
  char Peek() const { return *next_; }
  void Advance() { ++next_; }
  uint64_t consumed() const { return base_ + static_cast<uint64_t>(next_ - begin_); }
  // Bytes still to come, if the input's size is known; else -1.
  int64_t remaining() const {
    if (size_ < 0) return -1;
    const uint64_t used = consumed();
    return used >= static_cast<uint64_t>(size_) ? 0 : size_ - static_cast<int64_t>(used);
  }
  bool failed() const { return failed_; }

 private:
  static constexpr size_t kChunk = size_t{64} << 10;

  bool Refill() {
    if (in_ == nullptr || done_) return false;
    const int64_t n = in_->Read(buffer_.data(), buffer_.size());
    if (n <= 0) {
      done_ = true;
      failed_ = n < 0;
      return false;
    }
    base_ += static_cast<uint64_t>(next_ - begin_);
    begin_ = next_ = buffer_.data();
    end_ = begin_ + std::min(static_cast<size_t>(n), buffer_.size());
    return true;
  }

  ModelByteSource* in_ = nullptr;
  std::vector<char> buffer_;
  const char* begin_ = nullptr;  // start of the current chunk
  const char* next_ = nullptr;
  const char* end_ = nullptr;
  uint64_t base_ = 0;            // bytes in the chunks before this one
  int64_t size_ = -1;
  bool done_ = false;
  bool failed_ = false;
};

// An input iterator over a ByteSource, for nlohmann's iterator input adapter. Every iterator
// shares the source's position; the default-constructed one is the end.
class ByteIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  ByteIterator() = default;
  explicit ByteIterator(ByteSource* src) : src_(src) {}
  char operator*() const { return src_->Peek(); }
  ByteIterator& operator++() {
    src_->Advance();
    return *this;
  }
  bool operator==(const ByteIterator& o) const { return AtEnd() == o.AtEnd(); }
  bool operator!=(const ByteIterator& o) const { return AtEnd() != o.AtEnd(); }

 private:
  bool AtEnd() const { return src_ == nullptr || src_->AtEnd(); }
  ByteSource* src_ = nullptr;
};

// ---- The SAX handler ------------------------------------------------------------------------

class ModelSax {
 public:
  ModelSax(ByteSource* src, Streams* streams) : src_(src), streams_(streams) {}

  json root;                       // the model without its streamed arrays
  const char* root_type = "";      // the JSON type of the top-level value
  Status error;                    // why the handler stopped the parse

  bool null() { return Other("null", json(nullptr)); }
  bool boolean(bool b) { return Other("boolean", json(b)); }

  bool number_unsigned(json::number_unsigned_t u) {
    if (frames_.empty()) return Top("number");
    Frame& f = frames_.back();
    if (f.ints != nullptr) {
      StreamedInts& a = *f.ints;
      if (a.ok()) {
        if (u <= static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
          a.Push(static_cast<int32_t>(u));
        } else {
          a.bad.index = a.size();
          a.bad.kind = BadElement::kUnsigned;
          a.bad.u = u;
        }
      }
    } else if (f.floats != nullptr) {
      AddFloat(*f.floats, static_cast<double>(u));
    } else if (f.strings != nullptr) {
      NoteType(f, "number");
    } else if (f.node != nullptr) {
      Put(f, json(u));
    }
    return true;
  }

  bool number_integer(json::number_integer_t i) {
    if (frames_.empty()) return Top("number");
    Frame& f = frames_.back();
    if (f.ints != nullptr) {
      StreamedInts& a = *f.ints;
      if (a.ok()) {
        if (i >= std::numeric_limits<int32_t>::min() && i <= std::numeric_limits<int32_t>::max()) {
          a.Push(static_cast<int32_t>(i));
        } else {
          a.bad.index = a.size();
          a.bad.kind = i < 0 ? BadElement::kSigned : BadElement::kUnsigned;
          a.bad.i = i;
          a.bad.u = static_cast<uint64_t>(i);
        }
      }
    } else if (f.floats != nullptr) {
      AddFloat(*f.floats, static_cast<double>(i));
    } else if (f.strings != nullptr) {
      NoteType(f, "number");
    } else if (f.node != nullptr) {
      Put(f, json(i));
    }
    return true;
  }

  bool number_float(json::number_float_t d, const json::string_t&) {
    if (frames_.empty()) return Top("number");
    Frame& f = frames_.back();
    if (f.ints != nullptr) {
      if (f.ints->ok()) {
        f.ints->bad.index = f.ints->size();
        f.ints->bad.kind = BadElement::kFraction;
      }
    } else if (f.floats != nullptr) {
      AddFloat(*f.floats, d);
    } else if (f.strings != nullptr) {
      NoteType(f, "number");
    } else if (f.node != nullptr) {
      Put(f, json(d));
    }
    return true;
  }

  bool string(json::string_t& s) {
    if (frames_.empty()) return Top("string");
    Frame& f = frames_.back();
    if (f.strings != nullptr) {
      if (f.strings->ok()) f.strings->v.push_back(s);  // a copy: its own exact-size storage
    } else if (f.ints != nullptr || f.floats != nullptr) {
      NoteType(f, "string");
    } else if (f.node != nullptr) {
      Put(f, json(s));
    }
    return true;
  }

  bool binary(json::binary_t&) { return true; }  // not produced by JSON text

  bool start_object(std::size_t) { return Open(/*object=*/true); }
  bool start_array(std::size_t) { return Open(/*object=*/false); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }

  bool key(json::string_t& k) {
    Frame& f = frames_.back();
    if (f.node != nullptr) f.key = k;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) {
    error = Bad("model", "not valid JSON: " + JsonParseErrorMessage(ex.what(), position));
    return false;
  }

 private:
  // Where a container is: the streamed arrays are routed by it.
  enum class Where : uint8_t { kRoot, kFeatures, kWeights, kOther };

  struct Frame {
    json* node = nullptr;  // the DOM container being filled; null: streamed or not kept
    Where where = Where::kOther;
    bool object = false;
    std::string key;       // objects: the key of the value being parsed
    // A streamed array: where its elements go (one of these is set).
    StreamedStrings* strings = nullptr;
    StreamedInts* ints = nullptr;
    StreamedFloats* floats = nullptr;
  };

  static bool IsStream(const Frame& f) {
    return f.strings != nullptr || f.ints != nullptr || f.floats != nullptr;
  }

  bool Top(const char* type) {
    root_type = type;
    return true;
  }

  // null, true/false: kept in the DOM, or a wrong element of a streamed array.
  bool Other(const char* type, json&& v) {
    if (frames_.empty()) return Top(type);
    Frame& f = frames_.back();
    if (IsStream(f)) {
      NoteType(f, type);
    } else if (f.node != nullptr) {
      Put(f, std::move(v));
    }
    return true;
  }

  static json* Put(Frame& f, json&& v) {
    if (f.object) {
      json& slot = (*f.node)[f.key];  // a repeated key: the last value wins, as in a DOM parse
      slot = std::move(v);
      return &slot;
    }
    f.node->push_back(std::move(v));
    return &f.node->back();
  }

  static void NoteType(Frame& f, const char* type) {
    Streamed* s = f.strings != nullptr ? static_cast<Streamed*>(f.strings)
                  : f.ints != nullptr  ? static_cast<Streamed*>(f.ints)
                                       : static_cast<Streamed*>(f.floats);
    if (!s->ok()) return;
    s->bad.index = f.strings != nullptr ? f.strings->v.size()
                   : f.ints != nullptr  ? f.ints->size()
                                        : f.floats->size();
    s->bad.kind = BadElement::kType;
    s->bad.type = type;
  }

  static void AddFloat(StreamedFloats& a, double stored) {
    if (!a.ok()) return;
    if (!a.scaled) {
      a.raw.push_back(stored);
      return;
    }
    float f;
    if (ScaledFloat(stored, a.scale, &f)) {
      a.Push(f);
    } else {
      a.bad.index = a.size();
      a.bad.kind = BadElement::kNotFinite;
      a.bad.d = stored;
    }
  }

  bool Open(bool object) {
    if (frames_.size() >= static_cast<size_t>(kMaxJsonDepth)) {
      // The bracket just read is the one too deep.
      error = Bad("model", "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                               " levels (byte " + std::to_string(src_->consumed() - 1) + ")");
      return false;
    }
    Frame child;
    child.object = object;
    if (frames_.empty()) {
      root_type = object ? "object" : "array";
      if (object) {  // anything else is rejected once the text is known to be valid JSON
        root = json::object();
        child.node = &root;
        child.where = Where::kRoot;
      }
    } else {
      Frame& f = frames_.back();
      if (IsStream(f)) {
        NoteType(f, object ? "object" : "array");  // and its contents are skipped
      } else if (f.node != nullptr &&
                 !(!object && (f.where == Where::kFeatures || f.where == Where::kWeights) &&
                   StartStream(f, &child))) {
        child.node = Put(f, object ? json::object() : json::array());
        if (object && f.where == Where::kRoot) {
          // A repeated "features" or "weights" replaces the earlier one, streamed arrays too.
          if (f.key == "features") {
            child.where = Where::kFeatures;
            streams_->terms = StreamedStrings();
            streams_->buckets = StreamedInts();
            streams_->idf = StreamedFloats();
          } else if (f.key == "weights") {
            child.where = Where::kWeights;
            streams_->col_counts = StreamedInts();
            streams_->row_idx = StreamedInts();
            streams_->values = StreamedFloats();
            streams_->pairs = WordArray();
          }
        }
      }
    }
    frames_.push_back(std::move(child));
    return true;
  }

  bool Close() {
    frames_.pop_back();
    return true;
  }

  // How many elements to reserve for an array expected to hold `expected`: never more than the
  // rest of the input could hold (each element takes a digit and a comma at least).
  size_t Reservation(uint64_t expected) const {
    const int64_t left = src_->remaining();
    if (left < 0) return 0;
    return static_cast<size_t>(std::min<uint64_t>(expected, (static_cast<uint64_t>(left) + 1) / 2));
  }

  // If the array starting at f.key in a features or weights object is one that scales with the
  // model, points `child` at its storage and leaves an empty array in the DOM in its place.
  bool StartStream(Frame& f, Frame* child) {
    Streams& s = *streams_;
    const std::string& k = f.key;
    uint64_t expected = 0;
    if (f.where == Where::kFeatures) {
      if (k == "terms") {
        s.terms = StreamedStrings();
        child->strings = &s.terms;
      } else if (k == "buckets") {
        s.buckets = StreamedInts();
        child->ints = &s.buckets;
      } else if (k == "idf") {
        expected = s.terms.present && s.terms.ok() && !s.terms.v.empty() ? s.terms.v.size()
                   : s.buckets.present && s.buckets.ok()                ? s.buckets.v.size()
                                                                        : 0;
        s.idf = StreamedFloats();
        child->floats = &s.idf;
      } else {
        return false;
      }
    } else {
      if (k == "col_counts") {
        if (const json* c = Member(*f.node, "cols"); c != nullptr && c->is_number_unsigned()) {
          expected = c->get<uint64_t>();
        }
        s.col_counts = StreamedInts();
        child->ints = &s.col_counts;
      } else if (k == "row_idx") {
        if (s.col_counts.present && s.col_counts.ok()) {
          for (int32_t n : s.col_counts.v) expected += static_cast<uint64_t>(std::max(n, 0));
        }
        s.row_idx = StreamedInts();
        if (s.interleave) s.row_idx.pairs = &s.pairs;
        child->ints = &s.row_idx;
      } else if (k == "values") {
        if (s.row_idx.present && s.row_idx.ok()) expected = s.row_idx.size();
        s.values = StreamedFloats();
        if (s.interleave) s.values.pairs = &s.pairs;
        // The writer puts the scale first; if it is not known yet, the numbers are kept as they
        // are and scaled once the weights object is read.
        if (const json* sc = Member(*f.node, "scale"); sc != nullptr) {
          s.values.scale = sc->is_number() ? sc->get<double>() : 1.0;
        } else {
          s.values.scaled = false;
        }
        child->floats = &s.values;
      } else {
        return false;
      }
    }
    const size_t n = Reservation(expected);
    if (child->strings != nullptr) {
      child->strings->present = true;
    } else if (child->ints != nullptr) {
      child->ints->present = true;
      child->ints->Reserve(n);
    } else {
      child->floats->present = true;
      child->floats->Reserve(n);
    }
    (*f.node)[k] = json::array();
    return true;
  }

  ByteSource* src_;
  Streams* streams_;
  std::vector<Frame> frames_;
};

Result<ModelData> Parse(ByteSource& src, const ReadOptions& options) {
  if (src.AtEnd()) {
    if (src.failed()) return Status(StatusCode::kIoError, "model: read failed");
    return Bad("model", "empty input (0 bytes)");
  }
  Streams streams;
  streams.interleave = options.interleave_weights;
  ModelSax sax(&src, &streams);
  using Adapter = nlohmann::detail::iterator_input_adapter<ByteIterator>;
  // The parser itself rather than json::sax_parse, which would also instantiate the binary
  // formats' readers for this handler.
  nlohmann::detail::parser<json, Adapter> parser(Adapter(ByteIterator(&src), ByteIterator()),
                                                 nullptr, /*allow_exceptions_=*/false);
  const bool parsed = parser.sax_parse(&sax, /*strict=*/true);
  if (src.failed()) return Status(StatusCode::kIoError, "model: read failed");
  if (!parsed) return sax.error.ok() ? Bad("model", "not valid JSON: syntax error") : sax.error;
  if (std::strcmp(sax.root_type, "object") != 0) {
    return Bad("model", std::string("expected a JSON object, got ") + sax.root_type);
  }
  const json& root = sax.root;
  ModelData m;
  TOPICA_TRY(ReadHeader(root, &m));
  TOPICA_TRY(ReadLabels(root, &m));
  TOPICA_TRY(ReadTokenizer(root, &m));
  TOPICA_TRY(ReadFeatures(root, streams, &m));
  TOPICA_TRY(ReadWeights(root, streams, &m));
  TOPICA_TRY(ReadDecision(root, &m));
  TOPICA_TRY(ReadExtras(root, &m));
  TOPICA_TRY(ValidateModel(m));
  return m;
}

}  // namespace

Result<ModelData> ParseModel(std::string_view text, const ReadOptions& options) {
  ByteSource src(text);
  return Parse(src, options);
}

Result<ModelData> ParseModel(ModelByteSource& source, const ReadOptions& options) {
  ByteSource src(&source);
  return Parse(src, options);
}

}  // namespace topica::internal
