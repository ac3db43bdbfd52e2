#include "model_writer.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "topica/trainer.h"

namespace topica::train {
namespace {

using nlohmann::json;
using internal::ModelData;

// The double closest to the shortest decimal that reads back as `f`, so the JSON shows
// "0.1" rather than "0.10000000149011612".
double Shortest(float f) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf - 1, f);
  *end = '\0';
  return std::strtod(buf, nullptr);
}

json Floats(const std::vector<float>& v) {
  json a = json::array();
  a.get_ref<json::array_t&>().reserve(v.size());
  for (float f : v) a.push_back(Shortest(f));
  return a;
}

// Large arrays are rendered straight to text: building a JSON tree of millions of numbers
// first would dominate the time to write a model.
template <class T>
void AppendNumbers(const std::vector<T>& v, std::string* out) {
  char buf[32];
  out->push_back('[');
  for (size_t k = 0; k < v.size(); ++k) {
    if (k) out->push_back(',');
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v[k]);
    out->append(buf, end);
  }
  out->push_back(']');
}

// A vocabulary has hundreds of thousands of terms; nearly all are printable ASCII without '"'
// or '\\', which nlohmann's dump writes unchanged between quotes, so those skip building a JSON
// value. Anything else (escapes, UTF-8, invalid bytes) still goes through nlohmann.
void AppendStrings(const std::vector<std::string>& v, std::string* out) {
  out->push_back('[');
  for (size_t k = 0; k < v.size(); ++k) {
    if (k) out->push_back(',');
    const std::string& t = v[k];
    const bool plain = std::all_of(t.begin(), t.end(), [](char c) {
      return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    });
    if (plain) {
      out->push_back('"');
      out->append(t);
      out->push_back('"');
    } else {
      out->append(json(t).dump(-1, ' ', false, json::error_handler_t::replace));
    }
  }
  out->push_back(']');
}

// The largest power of ten s in [1e-9, 1] such that every value is exactly (as a float)
// Dequantize(q, s) for an integer q: then the file stores the integers, which are shorter than
// the decimals ("345" and scale 1e-4 rather than "0.0345"). Returns 1 (values written as they
// are) when there is none, e.g. for weights that were not rounded to a few digits.
double IntegerScale(const std::vector<float>& values, std::vector<int64_t>* scaled) {
  static const char* const kScales[] = {"1", "0.1", "0.01", "0.001", "1e-4", "1e-5",
                                         "1e-6", "1e-7", "1e-8", "1e-9"};
  for (const char* text : kScales) {
    const double s = std::strtod(text, nullptr);  // exactly the double a reader parses
    scaled->clear();
    bool exact = true;
    for (float v : values) {
      const double q = std::nearbyint(static_cast<double>(v) / s);
      if (std::fabs(q) > 2147483647.0 ||
          static_cast<float>(internal::Dequantize(q, s)) != v) {
        exact = false;
        break;
      }
      scaled->push_back(static_cast<int64_t>(q));
    }
    if (exact) return s;
  }
  scaled->clear();
  return 1.0;
}

// An object whose members are written in order, small values through nlohmann, big arrays
// directly.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string* out) : out_(out) { out_->push_back('{'); }
  std::string* Key(const char* key) {
    if (!first_) out_->push_back(',');
    first_ = false;
    out_->append(json(key).dump());
    out_->push_back(':');
    return out_;
  }
  void Value(const char* key, const json& v) {
    Key(key)->append(v.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  void End() { out_->push_back('}'); }

 private:
  std::string* out_;
  bool first_ = true;
};

}  // namespace

Result<std::string> SerializeModel(const ModelData& m) {
  Status st = internal::ValidateModel(m);
  if (!st.ok()) return Status(st.code(), "refusing to write an invalid model: " + st.message());

  std::vector<std::pair<const char*, json>> top;
  top.emplace_back("format", internal::kModelFormatName);
  top.emplace_back("format_version", internal::kModelFormatVersion);
  top.emplace_back("producer", m.producer);
  top.emplace_back("name", m.name);
  top.emplace_back("task", TaskName(m.task));
  top.emplace_back("labels", m.labels);
  top.emplace_back("tokenizer", json{{"lowercase", m.tokenizer.lowercase},
                                     {"strip_accents", m.tokenizer.strip_accents},
                                     {"unspaced_bigrams", m.tokenizer.unspaced_bigrams},
                                     {"unicode_version", m.unicode_version}});
  const auto& f = m.features;
  std::string features_text;
  {
    ObjectWriter o(&features_text);
    o.Value("word_ngrams", {f.word_ngram_min, f.word_ngram_max});
    o.Value("char_ngrams", {f.char_ngram_min, f.char_ngram_max});
    o.Value("sublinear_tf", f.sublinear_tf);
    o.Value("norm", "l2");
    if (f.mapping == internal::FeatureMapping::kVocabulary) {
      o.Value("mapping", "vocabulary");
      AppendStrings(m.terms, o.Key("terms"));
    } else {
      o.Value("mapping", "hashing");
      o.Value("hash_buckets", f.hash_buckets);
      AppendNumbers(m.buckets, o.Key("buckets"));
    }
    AppendNumbers(m.idf, o.Key("idf"));
    o.End();
  }
  std::string weights_text;
  {
    ObjectWriter o(&weights_text);
    o.Value("rows", m.labels.size());
    o.Value("cols", m.idf.size());
    std::vector<int32_t> counts(m.col_ptr.size() - 1);
    for (size_t j = 0; j + 1 < m.col_ptr.size(); ++j) counts[j] = m.col_ptr[j + 1] - m.col_ptr[j];
    AppendNumbers(counts, o.Key("col_counts"));
    AppendNumbers(m.row_idx, o.Key("row_idx"));
    std::vector<int64_t> scaled;
    const double scale = IntegerScale(m.values, &scaled);
    if (scale != 1.0) {
      o.Value("scale", scale);
      AppendNumbers(scaled, o.Key("values"));
    } else {
      AppendNumbers(m.values, o.Key("values"));
    }
    o.End();
  }
  top.emplace_back("features", nullptr);
  top.emplace_back("weights", nullptr);
  top.emplace_back("bias", Floats(m.bias));
  if (m.task == Task::kMultiLabel) {
    top.emplace_back("calibration", json{{"method", "platt"},
                                         {"a", Floats(m.calibration.a)},
                                         {"b", Floats(m.calibration.b)}});
    top.emplace_back("thresholds", Floats(m.thresholds));
  } else {
    top.emplace_back("calibration", json{{"method", "softmax_temperature"},
                                         {"temperature", Shortest(m.calibration.temperature)}});
  }
  json training = json::parse(m.training_json, nullptr, false);
  if (training.is_discarded() || !training.is_object()) training = json::object();
  top.emplace_back("training", std::move(training));
  json tests = json::array();
  for (const auto& s : m.self_test) tests.push_back(json{{"text", s.text}, {"raw", Floats(s.raw)}});
  top.emplace_back("self_test", std::move(tests));

  std::string out;
  out.reserve(features_text.size() + weights_text.size() + 4096);
  out += "{\n";
  for (size_t i = 0; i < top.size(); ++i) {
    const std::string key = top[i].first;
    out += "  " + json(key).dump() + ": ";
    if (key == "features") out += features_text;
    else if (key == "weights") out += weights_text;
    else out += top[i].second.dump(-1, ' ', false, json::error_handler_t::replace);
    out += i + 1 < top.size() ? ",\n" : "\n";
  }
  out += "}\n";
  return out;
}

}  // namespace topica::train

namespace topica {

Status WriteFileAtomic(const std::string& path, std::string_view bytes) {
  const std::string tmp = path + ".tmp-" + std::to_string(static_cast<long>(::getpid()));
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return Status(StatusCode::kIoError, path + ": cannot write: " + std::strerror(errno));
  }
  const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const int saved = errno;
  const bool closed = std::fclose(f) == 0;
  if (!wrote || !flushed || !closed) {
    std::remove(tmp.c_str());
    return Status(StatusCode::kIoError, path + ": write failed: " + std::strerror(saved ? saved : EIO));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    return Status(StatusCode::kIoError, path + ": cannot replace: " + std::strerror(err));
  }
  return Status::Ok();
}

}  // namespace topica
