// Embind shim over topica's public C++ API (<topica/classifier.h> and <topica/utf8.h>, nothing
// else). No scoring logic of its own: it turns JS values into C++ arguments and C++ results
// into JS values; for batches it also cuts a buffer into documents or lines (the CLI's
// `--input-format lines` rules, as tools/ does for the CLI). topica.mjs (the JS API users see)
// is the only caller; the names here are internal.
//
// Every bytes/text argument is a Uint8Array followed by its length:
//   loadModel(bytes, n) -> {ok: true, value: Classifier} | {ok: false, code: string, message: string}
//   Classifier#classify(text, n)             -> Float32Array [prob[0..L), raw[0..L), predicted[0..L)]
//   Classifier#explain(text, n, label)       -> {ok, value: ExplanationColumns} | {ok: false, ...}
//   Classifier#explainTop(text, n, label, top)  (explain() uses the C++ default number of terms)
//   Classifier#tokenize(text, n)             -> {bytes: Uint8Array, ends: Uint32Array, offsets: Uint32Array}
//   Classifier#labels() -> string[]    Classifier#info() -> {...}    version() -> string
//
// Batches (classifyMany in topica.mjs), one call across the boundary per chunk of documents:
//   batchInput(n) -> Uint8Array view of n bytes of wasm memory: JS writes the chunk's UTF-8 there
//   Classifier#classifyChunk(n, ends, firstLine, idBase, want)
//       ends: Uint32Array of each document's end offset in the n bytes, or null: the bytes are
//       lines ('\n'-separated, as `topica classify --input-format lines` reads them). Returns
//       {ok: true, value: {docs, offsets, ids[, probs][, raw]}} (views of wasm memory, valid
//       until the next call) | {ok: false, code, message} (lines that are not valid UTF-8).
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

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "topica/classifier.h"
#include "topica/utf8.h"
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

// ---- batches ---------------------------------------------------------------------------------
// The buffers of classifyChunk, reused from chunk to chunk (the module is single-threaded).
struct BatchBuffers {
  std::string input;               // the chunk's UTF-8 bytes, written by JS through batchInput()
  std::vector<uint32_t> begins;    // each document's first byte in `input`
  std::vector<uint32_t> ends;      // and its end (one past its last byte)
  std::vector<int32_t> offsets;    // documents + 1: each document's predicted ids start at ...
  std::vector<int32_t> ids;        // predicted label ids (indices into labels()), model order
  std::vector<float> probs, raw;   // documents x labels, if asked for
  std::vector<int32_t> doc_ids;    // one document's, reused: no allocation per document once warm
  std::vector<float> doc_probs, doc_raw;
};
BatchBuffers& Batch() {
  static BatchBuffers batch;
  return batch;
}
constexpr size_t kKeepBatchBytes = size_t{8} << 20;  // larger buffers are freed after use

val BatchInput(size_t n) {
  std::string& in = Batch().input;
  if (in.capacity() > kKeepBatchBytes && n <= kKeepBatchBytes) std::string().swap(in);
  in.resize(n);
  return val(typed_memory_view(n, reinterpret_cast<uint8_t*>(in.data())));
}

// Lines as the CLI's `--input-format lines` reads them (std::getline): '\n' ends a line, a
// trailing '\r' is dropped, a last line without '\n' counts unless empty, and the first line of
// the input (first_line == 1) loses a UTF-8 byte order mark.
topica::Status SplitLines(const std::string& in, int32_t first_line, std::vector<uint32_t>* begins,
                          std::vector<uint32_t>* ends) {
  begins->clear();
  ends->clear();
  size_t bad = std::string_view::npos;
  topica::IsValidUtf8(in, &bad);  // leaves npos when valid
  size_t pos = 0;
  const bool bom = first_line == 1 && in.compare(0, 3, "\xEF\xBB\xBF") == 0;
  if (bom) pos = 3;
  while (pos < in.size() || (bom && pos == 3)) {  // (a first line of just the mark is a line)
    size_t nl = in.find('\n', pos);
    const bool last = nl == std::string::npos;
    if (last) nl = in.size();
    size_t end = nl;
    if (end > pos && in[end - 1] == '\r') --end;
    if (bad != std::string_view::npos && bad < nl) {
      return topica::Status(
          topica::StatusCode::kInvalidArgument,
          "line " + std::to_string(static_cast<int64_t>(first_line) + static_cast<int64_t>(begins->size())) +
              ": line is not valid UTF-8 (byte offset " + std::to_string(bad - pos) + ")");
    }
    begins->push_back(static_cast<uint32_t>(pos));
    ends->push_back(static_cast<uint32_t>(end));
    pos = nl + 1;
  }
  return topica::Status::Ok();
}

// Classifies the documents of batchInput()'s buffer: each [begin, end) of `ends` (one document
// follows the other), or each line when `ends` is null. want: 1 = probabilities, 2 = raw scores.
// offsets are absolute: id_base is the number of ids JS already holds from earlier chunks.
val ClassifyChunk(const Classifier& c, size_t n, const val& ends, int32_t first_line, int32_t id_base,
                  int32_t want) {
  BatchBuffers& b = Batch();
  b.input.resize(n);
  size_t docs = 0;
  if (ends.isNull() || ends.isUndefined()) {
    topica::Status st = SplitLines(b.input, first_line, &b.begins, &b.ends);
    if (!st.ok()) return Failure(st);
    docs = b.ends.size();
  } else {
    docs = ends["length"].as<size_t>();
    b.ends.resize(docs);
    val(typed_memory_view(docs, b.ends.data())).call<void>("set", ends);
    b.begins.resize(docs);
    for (size_t d = 0; d < docs; ++d) b.begins[d] = d == 0 ? 0 : b.ends[d - 1];
  }
  const size_t num_labels = c.labels().size();
  b.offsets.resize(docs + 1);
  b.ids.clear();
  b.probs.resize((want & 1) ? docs * num_labels : 0);
  b.raw.resize((want & 2) ? docs * num_labels : 0);
  b.offsets[0] = id_base;
  for (size_t d = 0; d < docs; ++d) {
    const size_t begin = std::min<size_t>(b.begins[d], n);
    const size_t end = std::min<size_t>(std::max(b.begins[d], b.ends[d]), n);
    c.ClassifyIndices(std::string_view(b.input.data() + begin, end - begin), &b.doc_ids,
                      (want & 1) ? &b.doc_probs : nullptr, (want & 2) ? &b.doc_raw : nullptr);
    b.ids.insert(b.ids.end(), b.doc_ids.begin(), b.doc_ids.end());
    b.offsets[d + 1] = id_base + static_cast<int32_t>(b.ids.size());
    if (want & 1) std::copy(b.doc_probs.begin(), b.doc_probs.end(), b.probs.begin() + d * num_labels);
    if (want & 2) std::copy(b.doc_raw.begin(), b.doc_raw.end(), b.raw.begin() + d * num_labels);
  }
  if (b.input.capacity() > kKeepBatchBytes) std::string().swap(b.input);
  // The views are made last: nothing allocates after them, so none is detached by a growth.
  val out = val::object();
  out.set("docs", static_cast<double>(docs));
  out.set("offsets", typed_memory_view(docs + 1, b.offsets.data()));
  out.set("ids", typed_memory_view(b.ids.size(), b.ids.data()));
  if (want & 1) out.set("probs", typed_memory_view(b.probs.size(), b.probs.data()));
  if (want & 2) out.set("raw", typed_memory_view(b.raw.size(), b.raw.data()));
  return Success(std::move(out));
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
      .function("classifyChunk", &ClassifyChunk)
      .function("labels", &Labels)
      .function("info", &Info);
  emscripten::function("loadModel", &LoadModel);
  emscripten::function("batchInput", &BatchInput);
  emscripten::function("version", &Version);
}
