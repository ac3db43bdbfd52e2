// The C API (topica.h): a translation layer over topica::Classifier, with no logic of its own.
//
// Why it is shaped this way:
// - Results are separate heap objects holding the C++ results, so a shared classifier stays
//   const and threads never share mutable state (Classifier::Classify is const and uses
//   thread-local scratch only).
// - The error message is thread-local for the same reason.
// - Every entry point is noexcept and fallible ones run inside Guard(), which turns any
//   exception (std::bad_alloc from a huge input, a bug) into a status: unwinding into a C
//   caller's frames is undefined behaviour. Builds without exceptions (-fno-exceptions, e.g.
//   WebAssembly) compile the same code without the try.
#include "topica/topica.h"

#include <cstddef>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "topica/classifier.h"
#include "topica/status.h"
#include "topica/types.h"
#include "topica/version.h"

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define TOPICA_C_API_HAS_EXCEPTIONS 1
#else
#define TOPICA_C_API_HAS_EXCEPTIONS 0
#endif

struct topica_classifier {
  topica::Classifier classifier;
};

struct topica_classification {
  topica::Classification result;
  std::vector<int32_t> predicted;  // label indices of result.labels
};

struct topica_explanation {
  topica::Explanation explanation;
};

namespace {

static_assert(TOPICA_TASK_MULTICLASS == static_cast<int>(topica::Task::kMultiClass));
static_assert(TOPICA_TASK_MULTILABEL == static_cast<int>(topica::Task::kMultiLabel));

// The calling thread's last error. `fixed` (static text) is used when even recording the
// message runs out of memory.
struct LastError {
  std::string text;
  const char* fixed = nullptr;
};
thread_local LastError last_error;

void SetError(std::string_view a, std::string_view b = {}) noexcept {
#if TOPICA_C_API_HAS_EXCEPTIONS
  try {
#endif
    last_error.text.assign(a.data(), a.size());
    last_error.text.append(b.data(), b.size());
    last_error.fixed = nullptr;
#if TOPICA_C_API_HAS_EXCEPTIONS
  } catch (...) {
    last_error.fixed = "out of memory (while recording an error message)";
  }
#endif
}

topica_status Ok() noexcept {
  last_error.text.clear();
  last_error.fixed = nullptr;
  return TOPICA_STATUS_OK;
}

topica_status Fail(topica_status status, std::string_view a, std::string_view b = {}) noexcept {
  SetError(a, b);
  return status;
}

// Explicit, so that a StatusCode added later cannot silently alias a C code (-Wswitch flags
// the missing case).
topica_status ToC(topica::StatusCode code) noexcept {
  switch (code) {
    case topica::StatusCode::kOk: return TOPICA_STATUS_OK;
    case topica::StatusCode::kInvalidArgument: return TOPICA_STATUS_INVALID_ARGUMENT;
    case topica::StatusCode::kNotFound: return TOPICA_STATUS_NOT_FOUND;
    case topica::StatusCode::kDataLoss: return TOPICA_STATUS_DATA_LOSS;
    case topica::StatusCode::kUnimplemented: return TOPICA_STATUS_UNIMPLEMENTED;
    case topica::StatusCode::kFailedPrecondition: return TOPICA_STATUS_FAILED_PRECONDITION;
    case topica::StatusCode::kIoError: return TOPICA_STATUS_IO_ERROR;
    case topica::StatusCode::kInternal: return TOPICA_STATUS_INTERNAL;
  }
  return TOPICA_STATUS_INTERNAL;
}

topica_status Fail(const topica::Status& status) noexcept {
  SetError(status.message());
  const topica_status code = ToC(status.code());
  return code == TOPICA_STATUS_OK ? TOPICA_STATUS_INTERNAL : code;  // a failure is never OK
}

// Runs `body` (which returns a topica_status) so that no exception escapes.
template <class Body>
topica_status Guard(Body&& body) noexcept {
#if TOPICA_C_API_HAS_EXCEPTIONS
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(TOPICA_STATUS_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return Fail(TOPICA_STATUS_INTERNAL, "internal error: ", e.what());
  } catch (...) {
    return Fail(TOPICA_STATUS_INTERNAL, "internal error: unknown exception");
  }
#else
  return body();
#endif
}

// Takes ownership of a loaded classifier (or its error) and hands it to the caller.
topica_status Publish(topica::Result<topica::Classifier> loaded, topica_classifier** out) {
  if (!loaded.ok()) return Fail(loaded.status());
  *out = new topica_classifier{std::move(loaded).value()};
  return Ok();
}

bool ValidText(const char* text, size_t size) { return text != nullptr || size == 0; }

std::string_view TextView(const char* text, size_t size) {
  return text == nullptr ? std::string_view() : std::string_view(text, size);
}

template <class T>
bool InRange(const std::vector<T>& v, int32_t i) {
  return i >= 0 && static_cast<size_t>(i) < v.size();
}

}  // namespace

extern "C" {

const char* topica_version(void) noexcept { return topica::Version(); }

int32_t topica_c_api_version(void) noexcept { return TOPICA_C_API_VERSION; }

const char* topica_status_name(topica_status status) noexcept {
  using topica::StatusCode;
  using topica::StatusCodeName;
  switch (status) {
    case TOPICA_STATUS_OK: return StatusCodeName(StatusCode::kOk);
    case TOPICA_STATUS_INVALID_ARGUMENT: return StatusCodeName(StatusCode::kInvalidArgument);
    case TOPICA_STATUS_NOT_FOUND: return StatusCodeName(StatusCode::kNotFound);
    case TOPICA_STATUS_DATA_LOSS: return StatusCodeName(StatusCode::kDataLoss);
    case TOPICA_STATUS_UNIMPLEMENTED: return StatusCodeName(StatusCode::kUnimplemented);
    case TOPICA_STATUS_FAILED_PRECONDITION: return StatusCodeName(StatusCode::kFailedPrecondition);
    case TOPICA_STATUS_IO_ERROR: return StatusCodeName(StatusCode::kIoError);
    case TOPICA_STATUS_INTERNAL: return StatusCodeName(StatusCode::kInternal);
    case TOPICA_STATUS_OUT_OF_MEMORY: return "out of memory";
  }
  return "unknown";
}

const char* topica_last_error(void) noexcept {
  return last_error.fixed != nullptr ? last_error.fixed : last_error.text.c_str();
}

// ---- Classifier ------------------------------------------------------------------------

topica_status topica_classifier_init_from_file(const char* path, topica_classifier** out) noexcept {
  if (out == nullptr) return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "out is NULL");
  *out = nullptr;
  if (path == nullptr) return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "path is NULL");
  return Guard([&] { return Publish(topica::Classifier::FromFile(path), out); });
}

topica_status topica_classifier_init_from_buffer(const void* data, size_t size,
                                                 topica_classifier** out) noexcept {
  if (out == nullptr) return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "out is NULL");
  *out = nullptr;
  if (data == nullptr && size != 0) {
    return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "data is NULL but size is not 0");
  }
  return Guard([&] {
    const std::string_view json =
        data == nullptr ? std::string_view() : std::string_view(static_cast<const char*>(data), size);
    return Publish(topica::Classifier::FromJson(json), out);
  });
}

topica_status topica_classifier_init_default(topica_classifier** out) noexcept {
  if (out == nullptr) return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "out is NULL");
  *out = nullptr;
  return Guard([&] { return Publish(topica::Classifier::FromDefaultModel(), out); });
}

void topica_classifier_free(topica_classifier* clf) noexcept { delete clf; }

topica_task topica_classifier_task(const topica_classifier* clf) noexcept {
  return clf == nullptr ? TOPICA_TASK_MULTICLASS
                        : static_cast<topica_task>(clf->classifier.task());
}

int32_t topica_classifier_num_labels(const topica_classifier* clf) noexcept {
  return clf == nullptr ? 0 : static_cast<int32_t>(clf->classifier.labels().size());
}

const char* topica_classifier_label(const topica_classifier* clf, int32_t index) noexcept {
  if (clf == nullptr || !InRange(clf->classifier.labels(), index)) return nullptr;
  return clf->classifier.labels()[static_cast<size_t>(index)].c_str();
}

// ---- Classification --------------------------------------------------------------------

topica_status topica_classifier_classify(const topica_classifier* clf, const char* text,
                                         size_t text_size, topica_classification** out) noexcept {
  if (out == nullptr) return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "out is NULL");
  *out = nullptr;
  if (clf == nullptr) return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "classifier is NULL");
  if (!ValidText(text, text_size)) {
    return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "text is NULL but text_size is not 0");
  }
  return Guard([&] {
    auto res = std::make_unique<topica_classification>();
    res->result = clf->classifier.Classify(TextView(text, text_size));
    // Both lists are in model label order: one merge pass maps predicted names to indices.
    const std::vector<topica::LabelScore>& scores = res->result.scores;
    size_t k = 0;
    for (size_t l = 0; l < scores.size() && k < res->result.labels.size(); ++l) {
      if (scores[l].label == res->result.labels[k]) {
        res->predicted.push_back(static_cast<int32_t>(l));
        ++k;
      }
    }
    if (k != res->result.labels.size()) {
      return Fail(TOPICA_STATUS_INTERNAL, "internal error: predicted labels not in model order");
    }
    *out = res.release();
    return Ok();
  });
}

void topica_classification_free(topica_classification* res) noexcept { delete res; }

int32_t topica_classification_num_labels(const topica_classification* res) noexcept {
  return res == nullptr ? 0 : static_cast<int32_t>(res->result.scores.size());
}

const char* topica_classification_label(const topica_classification* res, int32_t index) noexcept {
  if (res == nullptr || !InRange(res->result.scores, index)) return nullptr;
  return res->result.scores[static_cast<size_t>(index)].label.c_str();
}

float topica_classification_probability(const topica_classification* res, int32_t index) noexcept {
  if (res == nullptr || !InRange(res->result.scores, index)) return 0.0f;
  return res->result.scores[static_cast<size_t>(index)].probability;
}

float topica_classification_raw_score(const topica_classification* res, int32_t index) noexcept {
  if (res == nullptr || !InRange(res->result.scores, index)) return 0.0f;
  return res->result.scores[static_cast<size_t>(index)].raw;
}

int32_t topica_classification_num_predicted(const topica_classification* res) noexcept {
  return res == nullptr ? 0 : static_cast<int32_t>(res->predicted.size());
}

int32_t topica_classification_predicted(const topica_classification* res, int32_t k) noexcept {
  if (res == nullptr || !InRange(res->predicted, k)) return -1;
  return res->predicted[static_cast<size_t>(k)];
}

// ---- Explanation -----------------------------------------------------------------------

topica_status topica_classifier_explain(const topica_classifier* clf, const char* text,
                                        size_t text_size, const char* label, int32_t top_terms,
                                        topica_explanation** out) noexcept {
  if (out == nullptr) return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "out is NULL");
  *out = nullptr;
  if (clf == nullptr) return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "classifier is NULL");
  if (label == nullptr) return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "label is NULL");
  if (!ValidText(text, text_size)) {
    return Fail(TOPICA_STATUS_INVALID_ARGUMENT, "text is NULL but text_size is not 0");
  }
  return Guard([&] {
    topica::Result<topica::Explanation> e =
        clf->classifier.Explain(TextView(text, text_size), label, top_terms);
    if (!e.ok()) return Fail(e.status());
    *out = new topica_explanation{std::move(e).value()};
    return Ok();
  });
}

void topica_explanation_free(topica_explanation* exp) noexcept { delete exp; }

const char* topica_explanation_label(const topica_explanation* exp) noexcept {
  return exp == nullptr ? nullptr : exp->explanation.label.c_str();
}

float topica_explanation_raw_score(const topica_explanation* exp) noexcept {
  return exp == nullptr ? 0.0f : exp->explanation.raw_score;
}

float topica_explanation_bias(const topica_explanation* exp) noexcept {
  return exp == nullptr ? 0.0f : exp->explanation.bias;
}

float topica_explanation_probability(const topica_explanation* exp) noexcept {
  return exp == nullptr ? 0.0f : exp->explanation.probability;
}

int topica_explanation_predicted(const topica_explanation* exp) noexcept {
  return exp != nullptr && exp->explanation.predicted ? 1 : 0;
}

int32_t topica_explanation_num_terms(const topica_explanation* exp) noexcept {
  return exp == nullptr ? 0 : static_cast<int32_t>(exp->explanation.terms.size());
}

int32_t topica_explanation_total_terms(const topica_explanation* exp) noexcept {
  return exp == nullptr ? 0 : exp->explanation.total_terms;
}

const char* topica_explanation_term(const topica_explanation* exp, int32_t i) noexcept {
  if (exp == nullptr || !InRange(exp->explanation.terms, i)) return nullptr;
  return exp->explanation.terms[static_cast<size_t>(i)].term.c_str();
}

float topica_explanation_term_value(const topica_explanation* exp, int32_t i) noexcept {
  if (exp == nullptr || !InRange(exp->explanation.terms, i)) return 0.0f;
  return exp->explanation.terms[static_cast<size_t>(i)].value;
}

float topica_explanation_term_weight(const topica_explanation* exp, int32_t i) noexcept {
  if (exp == nullptr || !InRange(exp->explanation.terms, i)) return 0.0f;
  return exp->explanation.terms[static_cast<size_t>(i)].weight;
}

float topica_explanation_term_contribution(const topica_explanation* exp, int32_t i) noexcept {
  if (exp == nullptr || !InRange(exp->explanation.terms, i)) return 0.0f;
  return exp->explanation.terms[static_cast<size_t>(i)].contribution;
}

int32_t topica_explanation_num_tokens(const topica_explanation* exp) noexcept {
  return exp == nullptr ? 0 : static_cast<int32_t>(exp->explanation.tokens.size());
}

uint32_t topica_explanation_token_begin(const topica_explanation* exp, int32_t i) noexcept {
  if (exp == nullptr || !InRange(exp->explanation.tokens, i)) return 0;
  return exp->explanation.tokens[static_cast<size_t>(i)].begin;
}

uint32_t topica_explanation_token_end(const topica_explanation* exp, int32_t i) noexcept {
  if (exp == nullptr || !InRange(exp->explanation.tokens, i)) return 0;
  return exp->explanation.tokens[static_cast<size_t>(i)].end;
}

float topica_explanation_token_contribution(const topica_explanation* exp, int32_t i) noexcept {
  if (exp == nullptr || !InRange(exp->explanation.tokens, i)) return 0.0f;
  return exp->explanation.tokens[static_cast<size_t>(i)].contribution;
}

}  // extern "C"
