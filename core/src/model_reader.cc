// ParseModel / ValidateModel: the only way bytes become a ModelData. A model file is untrusted
// input: nothing here throws, allocates more than the input's own size, or trusts a count.
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "json_error.h"
#include "model.h"
#include "status_macros.h"

namespace topica::internal {
namespace {

using nlohmann::json;

Status Bad(const std::string& path, const std::string& what) {
  return Status(StatusCode::kDataLoss, path + ": " + what);
}

std::string TypeName(const json& j) { return j.type_name(); }

// Rejects nesting deeper than kMaxJsonDepth before the parser sees the bytes.
Status CheckDepth(std::string_view text) {
  int32_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) {
        return Bad("model", "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                                " levels (byte " + std::to_string(i) + ")");
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return Status::Ok();
}

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
    if (v > static_cast<uint64_t>(hi)) {
      return Bad(path, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                           "], got " + std::to_string(v));
    }
    *out = static_cast<int64_t>(v);
  } else if (j.is_number_integer()) {
    *out = j.get<int64_t>();
  } else {
    return Bad(path, "expected an integer, got " + (j.is_number() ? std::string("a fraction")
                                                                  : TypeName(j)));
  }
  if (*out < lo || *out > hi) {
    return Bad(path, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                         "], got " + std::to_string(*out));
  }
  return Status::Ok();
}

Status ToFloat(const json& j, const std::string& path, float* out) {
  if (!j.is_number()) return Bad(path, "expected a number, got " + TypeName(j));
  const double v = j.get<double>();
  if (!std::isfinite(v) || std::fabs(v) > std::numeric_limits<float>::max()) {
    return Bad(path, "expected a finite number, got " + std::to_string(v));
  }
  *out = static_cast<float>(v);
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

// Per-element checks build the element's path only when it is wrong: building it for every
// number dominated the time to load a large model.
Status GetFloats(const json& parent, const std::string& path, const char* key,
                 std::vector<float>* out, double scale = 1.0) {
  Status st;
  const json* arr = GetArray(parent, path, key, &st);
  if (arr == nullptr) return st;
  out->resize(arr->size());
  for (size_t i = 0; i < arr->size(); ++i) {
    const json& v = (*arr)[i];
    if (v.is_number()) {
      const double d = Dequantize(v.get<double>(), scale);
      if (std::isfinite(d) && std::fabs(d) <= std::numeric_limits<float>::max()) {
        (*out)[i] = static_cast<float>(d);
        continue;
      }
      if (scale != 1.0) {
        return Bad(path + "." + key + "[" + std::to_string(i) + "]",
                   "times the scale, not a finite 32-bit float");
      }
    }
    float unused;
    return ToFloat(v, path + "." + key + "[" + std::to_string(i) + "]", &unused);
  }
  return Status::Ok();
}

Status GetInts(const json& parent, const std::string& path, const char* key, int64_t lo, int64_t hi,
               std::vector<int32_t>* out) {
  Status st;
  const json* arr = GetArray(parent, path, key, &st);
  if (arr == nullptr) return st;
  out->resize(arr->size());
  for (size_t i = 0; i < arr->size(); ++i) {
    const json& v = (*arr)[i];
    if (v.is_number_unsigned() && v.get<uint64_t>() <= static_cast<uint64_t>(hi) &&
        static_cast<int64_t>(v.get<uint64_t>()) >= lo) {
      (*out)[i] = static_cast<int32_t>(v.get<uint64_t>());
      continue;
    }
    int64_t unused = 0;
    Status e = ToInt64(v, path + "." + key + "[" + std::to_string(i) + "]", lo, hi, &unused);
    if (!e.ok()) return e;
    (*out)[i] = static_cast<int32_t>(unused);
  }
  return Status::Ok();
}

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

Status ReadFeatures(const json& root, ModelData* m) {
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
  Status st;
  if (mapping == "vocabulary") {
    s.mapping = FeatureMapping::kVocabulary;
    const json* terms = GetArray(*f, p, "terms", &st);
    if (terms == nullptr) return st;
    m->terms.reserve(terms->size());
    for (size_t i = 0; i < terms->size(); ++i) {
      const json& t = (*terms)[i];
      if (!t.is_string()) return Bad(p + ".terms[" + std::to_string(i) + "]", "expected a string, got " + TypeName(t));
      m->terms.push_back(t.get<std::string>());
    }
  } else if (mapping == "hashing") {
    s.mapping = FeatureMapping::kHashing;
    const json* nb = Member(*f, "hash_buckets");
    if (nb == nullptr) return Bad(p + ".hash_buckets", "missing (required by mapping \"hashing\")");
    int64_t n = 0;
    TOPICA_TRY(ToInt64(*nb, p + ".hash_buckets", 1, kMaxHashBuckets, &n));
    s.hash_buckets = static_cast<uint32_t>(n);
    std::vector<int32_t> buckets;
    TOPICA_TRY(GetInts(*f, p, "buckets", 0, n - 1, &buckets));
    m->buckets.assign(buckets.begin(), buckets.end());
  } else {
    return Bad(p + ".mapping", "expected \"vocabulary\" or \"hashing\", got \"" + mapping + "\"");
  }
  TOPICA_TRY(GetFloats(*f, p, "idf", &m->idf));
  const size_t n = s.mapping == FeatureMapping::kVocabulary ? m->terms.size() : m->buckets.size();
  if (m->idf.size() != n) {
    return Bad(p + ".idf", "expected " + std::to_string(n) + " entries (" +
                               (s.mapping == FeatureMapping::kVocabulary ? "terms" : "buckets") +
                               "), got " + std::to_string(m->idf.size()));
  }
  return Status::Ok();
}

Status ReadWeights(const json& root, ModelData* m) {
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
  TOPICA_TRY(GetInts(*w, p, "col_counts", 0, r, &counts));
  if (counts.size() != static_cast<size_t>(c)) {
    return Bad(p + ".col_counts", "expected " + std::to_string(c) + " entries (features), got " +
                                      std::to_string(counts.size()));
  }
  TOPICA_TRY(GetInts(*w, p, "row_idx", 0, r - 1, &m->row_idx));
  int64_t total = 0;
  m->col_ptr.assign(1, 0);
  m->col_ptr.reserve(counts.size() + 1);
  for (int32_t n : counts) {
    total += n;
    if (total > static_cast<int64_t>(m->row_idx.size())) break;
    m->col_ptr.push_back(static_cast<int32_t>(total));
  }
  if (total != static_cast<int64_t>(m->row_idx.size())) {
    const bool over = total > static_cast<int64_t>(m->row_idx.size());
    return Bad(p + ".col_counts", std::string("the counts add up to ") + (over ? "more than " : "") +
                                      std::to_string(over ? static_cast<int64_t>(m->row_idx.size()) : total) + ", but there are " +
                                      std::to_string(m->row_idx.size()) + " stored weights (row_idx)");
  }
  double scale = 1.0;
  if (const json* sc = Member(*w, "scale"); sc != nullptr) {
    float f = 0.0f;
    TOPICA_TRY(ToFloat(*sc, p + ".scale", &f));
    scale = sc->get<double>();
    if (!(scale > 0.0)) return Bad(p + ".scale", "expected a number > 0, got " + std::to_string(scale));
  }
  TOPICA_TRY(GetFloats(*w, p, "values", &m->values, scale));
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
  if (m.row_idx.size() != m.values.size()) {
    return Bad("model.weights.values", "expected " + Count(m.row_idx.size()) + " entries (as row_idx), got " + Count(m.values.size()));
  }
  if (m.col_ptr[0] != 0) return Bad("model.weights.col_counts", "column pointers must start at 0");
  for (size_t j = 0; j < F; ++j) {
    const int32_t lo = m.col_ptr[j], hi = m.col_ptr[j + 1];
    if (hi < lo) return Bad("model.weights.col_counts[" + Count(j) + "]", "negative");
    if (static_cast<size_t>(hi) > m.row_idx.size()) {
      return Bad("model.weights.col_counts[" + Count(j) + "]", "runs past the " + Count(m.row_idx.size()) + " stored weights");
    }
    for (int32_t k = lo; k < hi; ++k) {
      if (m.row_idx[k] < 0 || static_cast<size_t>(m.row_idx[k]) >= L) {
        return Bad("model.weights.row_idx[" + std::to_string(k) + "]", "label index out of range");
      }
      if (k > lo && m.row_idx[k - 1] >= m.row_idx[k]) {
        return Bad("model.weights.row_idx[" + std::to_string(k) + "]", "label indices within a column must be ascending");
      }
      if (!std::isfinite(m.values[k])) return Bad("model.weights.values[" + std::to_string(k) + "]", "not finite");
    }
  }
  if (static_cast<size_t>(m.col_ptr[F]) != m.row_idx.size()) {
    return Bad("model.weights.col_counts", "the counts add up to " + std::to_string(m.col_ptr[F]) + ", but there are " + Count(m.row_idx.size()) + " stored weights (row_idx)");
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

Result<ModelData> ParseModel(std::string_view text) {
  if (text.empty()) return Bad("model", "empty input (0 bytes)");
  TOPICA_TRY(CheckDepth(text));
  json root = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    const std::string why = JsonParseError(text);
    return Bad("model", "not valid JSON: " + (why.empty() ? std::string("syntax error") : why));
  }
  if (!root.is_object()) return Bad("model", "expected a JSON object, got " + TypeName(root));
  ModelData m;
  TOPICA_TRY(ReadHeader(root, &m));
  TOPICA_TRY(ReadLabels(root, &m));
  TOPICA_TRY(ReadTokenizer(root, &m));
  TOPICA_TRY(ReadFeatures(root, &m));
  TOPICA_TRY(ReadWeights(root, &m));
  TOPICA_TRY(ReadDecision(root, &m));
  TOPICA_TRY(ReadExtras(root, &m));
  TOPICA_TRY(ValidateModel(m));
  return m;
}

}  // namespace topica::internal
