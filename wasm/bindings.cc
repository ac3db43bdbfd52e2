// Embind shim over topica's public C++ API (<topica/classifier.h>, nothing else). No logic of
// its own: it turns JS values into C++ arguments and C++ results into JS values, and nothing
// more. topica.mjs (the JS API users see) is the only caller; the names here are internal.
//
// Every bytes/text argument is a Uint8Array followed by its length:
//   loadModel(bytes, n) -> {ok: true, value: Classifier} | {ok: false, code: string, message: string}
//   Classifier#classify(text, n)             -> Float32Array [prob[0..L), raw[0..L), predicted[0..L)]
//   Classifier#explain(text, n, label)       -> {ok, value: ExplanationColumns} | {ok: false, ...}
//   Classifier#explainTop(text, n, label, top)  (explain() uses the C++ default number of terms)
//   Classifier#tokenize(text, n)             -> {bytes: Uint8Array, ends: Uint32Array, offsets: Uint32Array}
//   Classifier#labels() -> string[]    Classifier#info() -> {...}    version() -> string
//
// Transport: texts arrive as UTF-8 bytes (topica.mjs encodes with TextEncoder); results with
// many entries (scores, terms, tokens) leave as typed-array columns copied out of wasm memory in
// one call each, instead of one JS call per field, so a 1 MB explanation stays fast. Offsets
// stay byte offsets here; topica.mjs converts them to UTF-16 code units.
//
// Errors are values: a failed Result becomes {ok: false, code, message} and topica.mjs throws a
// JS Error with that message. Nothing here throws (the module is built with -fno-exceptions).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "topica/classifier.h"
#include "topica/version.h"

namespace {

using emscripten::typed_memory_view;
using emscripten::val;
using topica::Classifier;

// The JS typed-array constructor for T, looked up once.
template <class T>
const val& TypedArrayOf();
template <>
const val& TypedArrayOf<uint8_t>() {
  static const val ctor = val::global("Uint8Array");
  return ctor;
}
template <>
const val& TypedArrayOf<uint32_t>() {
  static const val ctor = val::global("Uint32Array");
  return ctor;
}
template <>
const val& TypedArrayOf<float>() {
  static const val ctor = val::global("Float32Array");
  return ctor;
}

// A JS-owned copy of `n` elements at `data` (new T[](view) copies before the C++ memory goes).
template <class T>
val CopyOut(const T* data, size_t n) {
  return TypedArrayOf<T>().new_(typed_memory_view(n, data));
}

// Bytes of a JS Uint8Array (length n) as a std::string. One TypedArray.prototype.set call
// copies them natively; embind's own std::string conversion copies byte by byte in JS, which
// cost ~60 ms per 5 MB model and ~10% of classify() time on news articles.
std::string CopyIn(const val& bytes, size_t n) {
  std::string s(n, '\0');
  val(typed_memory_view(n, reinterpret_cast<uint8_t*>(s.data()))).call<void>("set", bytes);
  return s;
}

val Failure(const topica::Status& status) {
  val out = val::object();
  out.set("ok", false);
  out.set("code", std::string(topica::StatusCodeName(status.code())));
  out.set("message", status.message());
  return out;
}

val Success(val value) {
  val out = val::object();
  out.set("ok", true);
  out.set("value", std::move(value));
  return out;
}

val StringArray(const std::vector<std::string>& items) {
  val out = val::array();
  for (size_t i = 0; i < items.size(); ++i) out.set(i, items[i]);
  return out;
}

// Strings as one UTF-8 byte column plus each string's end offset in it: out[bytes_key], out[ends_key].
void SetStringColumns(const std::vector<const std::string*>& items, val& out, const char* bytes_key,
                      const char* ends_key) {
  std::string bytes;
  std::vector<uint32_t> ends;
  ends.reserve(items.size());
  for (const std::string* s : items) {
    bytes += *s;
    ends.push_back(static_cast<uint32_t>(bytes.size()));
  }
  out.set(bytes_key, CopyOut(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  out.set(ends_key, CopyOut(ends.data(), ends.size()));
}

val LoadModel(const val& bytes, size_t n) {
  topica::Result<Classifier> c = Classifier::FromJson(CopyIn(bytes, n));
  if (!c.ok()) return Failure(c.status());
  return Success(val(std::move(c).value()));
}

val Classify(const Classifier& c, const val& text, size_t text_size) {
  const topica::Classification r = c.Classify(CopyIn(text, text_size));
  const size_t n = r.scores.size();
  std::vector<float> out(3 * n, 0.0f);
  size_t next = 0;  // r.labels is a subsequence of the model's labels, in model order
  for (size_t i = 0; i < n; ++i) {
    out[i] = r.scores[i].probability;
    out[n + i] = r.scores[i].raw;
    if (next < r.labels.size() && r.labels[next] == r.scores[i].label) {
      out[2 * n + i] = 1.0f;
      ++next;
    }
  }
  return CopyOut(out.data(), out.size());
}

val ExplanationColumns(const topica::Explanation& e) {
  val out = val::object();
  out.set("label", e.label);
  out.set("raw", e.raw_score);
  out.set("bias", e.bias);
  out.set("probability", e.probability);
  out.set("predicted", e.predicted);
  out.set("totalTerms", e.total_terms);
  std::vector<const std::string*> terms;
  std::vector<float> numbers;  // value, weight, contribution per term
  terms.reserve(e.terms.size());
  numbers.reserve(3 * e.terms.size());
  for (const topica::TermContribution& t : e.terms) {
    terms.push_back(&t.term);
    numbers.insert(numbers.end(), {t.value, t.weight, t.contribution});
  }
  SetStringColumns(terms, out, "termBytes", "termEnds");
  out.set("termNumbers", CopyOut(numbers.data(), numbers.size()));
  std::vector<uint32_t> offsets;  // begin, end byte offsets per token
  std::vector<float> contributions;
  offsets.reserve(2 * e.tokens.size());
  contributions.reserve(e.tokens.size());
  for (const topica::TokenContribution& t : e.tokens) {
    offsets.insert(offsets.end(), {t.begin, t.end});
    contributions.push_back(t.contribution);
  }
  out.set("tokenOffsets", CopyOut(offsets.data(), offsets.size()));
  out.set("tokenContributions", CopyOut(contributions.data(), contributions.size()));
  return out;
}

val Explain(const Classifier& c, const val& text, size_t n, const std::string& label) {
  topica::Result<topica::Explanation> e = c.Explain(CopyIn(text, n), label);  // default top_terms
  return e.ok() ? Success(ExplanationColumns(*e)) : Failure(e.status());
}

val ExplainTop(const Classifier& c, const val& text, size_t n, const std::string& label,
               int32_t top) {
  topica::Result<topica::Explanation> e = c.Explain(CopyIn(text, n), label, top);
  return e.ok() ? Success(ExplanationColumns(*e)) : Failure(e.status());
}

val Tokenize(const Classifier& c, const val& text, size_t n) {
  const std::vector<topica::Token> tokens = c.Tokenize(CopyIn(text, n));
  std::vector<const std::string*> texts;
  std::vector<uint32_t> offsets;
  texts.reserve(tokens.size());
  offsets.reserve(2 * tokens.size());
  for (const topica::Token& t : tokens) {
    texts.push_back(&t.text);
    offsets.insert(offsets.end(), {t.begin, t.end});
  }
  val out = val::object();
  SetStringColumns(texts, out, "bytes", "ends");
  out.set("offsets", CopyOut(offsets.data(), offsets.size()));
  return out;
}

val Labels(const Classifier& c) { return StringArray(c.labels()); }

val Info(const Classifier& c) {
  const topica::ModelInfo info = c.Info();
  val out = val::object();
  out.set("name", info.name);
  out.set("producer", info.producer);
  out.set("formatVersion", info.format_version);
  out.set("task", std::string(topica::TaskName(info.task)));
  out.set("labels", StringArray(info.labels));
  out.set("thresholds", CopyOut(info.thresholds.data(), info.thresholds.size()));
  out.set("numFeatures", info.num_features);
  out.set("numWeights", static_cast<double>(info.num_weights));
  out.set("settingsJson", info.settings_json);
  out.set("trainingJson", info.training_json);
  return out;
}

std::string Version() { return topica::Version(); }

}  // namespace

EMSCRIPTEN_BINDINGS(topica) {
  emscripten::class_<Classifier>("Classifier")  // no constructor: made by loadModel only
      .function("classify", &Classify)
      .function("explain", &Explain)
      .function("explainTop", &ExplainTop)
      .function("tokenize", &Tokenize)
      .function("labels", &Labels)
      .function("info", &Info);
  emscripten::function("loadModel", &LoadModel);
  emscripten::function("version", &Version);
}
