/* topica.h: the C API of libtopica (topic classification: TF-IDF + linear model).
 *
 * Basic usage:
 *
 *   topica_classifier* clf = NULL;
 *   if (topica_classifier_init_default(&clf) != TOPICA_STATUS_OK) {
 *     fprintf(stderr, "topica: %s\n", topica_last_error());
 *     return 1;
 *   }
 *   topica_classification* res = NULL;
 *   if (topica_classifier_classify(clf, text, strlen(text), &res) == TOPICA_STATUS_OK) {
 *     for (int32_t k = 0; k < topica_classification_num_predicted(res); ++k) {
 *       int32_t l = topica_classification_predicted(res, k);
 *       printf("%s %.3f\n", topica_classification_label(res, l),
 *              topica_classification_probability(res, l));
 *     }
 *   }
 *   topica_classification_free(res);
 *   topica_classifier_free(clf);
 *
 * Contract of every function below:
 * - Compiles as C99 and as C++; no C++ exception ever leaves a topica_* function.
 * - Functions that can fail return a topica_status. On failure topica_last_error() describes
 *   it, and any out-parameter is set to NULL.
 * - Objects returned through an out-parameter belong to the caller, who frees each with its
 *   *_free function. Passing NULL to a *_free function does nothing.
 * - Texts are UTF-8, passed as pointer + size in bytes, and need not be NUL-terminated.
 *   Other strings (paths, labels) are NUL-terminated.
 * - Accessors never fail: a NULL object or an index outside [0, count) gives NULL, 0 or -1.
 * - Thread-safety: a topica_classifier is immutable once created. Any number of threads may
 *   classify and explain with one shared classifier at the same time, with the same results as
 *   one thread. Result objects are independent of each other and of the classifier.
 *
 * Stability: within one TOPICA_C_API_VERSION, functions are only added, never changed.
 */
#ifndef TOPICA_TOPICA_H_
#define TOPICA_TOPICA_H_

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define TOPICA_API __attribute__((visibility("default")))
#else
#define TOPICA_API
#endif

#ifdef __cplusplus
#define TOPICA_NOEXCEPT noexcept
extern "C" {
#else
#define TOPICA_NOEXCEPT
#endif

/* Version of this C interface: incremented only on an incompatible change. */
#define TOPICA_C_API_VERSION 1

/* The linked library's version, "MAJOR.MINOR.PATCH". */
TOPICA_API const char* topica_version(void) TOPICA_NOEXCEPT;
/* The TOPICA_C_API_VERSION the linked library was built with. */
TOPICA_API int32_t topica_c_api_version(void) TOPICA_NOEXCEPT;

/* ---- Errors --------------------------------------------------------------------------- */

typedef enum topica_status {
  TOPICA_STATUS_OK = 0,
  TOPICA_STATUS_INVALID_ARGUMENT = 1,    /* e.g. NULL where an object or a text is needed */
  TOPICA_STATUS_NOT_FOUND = 2,           /* missing model file or label */
  TOPICA_STATUS_DATA_LOSS = 3,           /* malformed or inconsistent model */
  TOPICA_STATUS_UNIMPLEMENTED = 4,       /* unknown model format or newer format version */
  TOPICA_STATUS_FAILED_PRECONDITION = 5, /* e.g. the model's self-test failed */
  TOPICA_STATUS_IO_ERROR = 6,            /* reading the model file failed */
  TOPICA_STATUS_INTERNAL = 7,            /* a bug in topica */
  TOPICA_STATUS_OUT_OF_MEMORY = 8
} topica_status;

/* Short lower-case name of a status, e.g. "not found". Never NULL; static storage. */
TOPICA_API const char* topica_status_name(topica_status status) TOPICA_NOEXCEPT;

/* Message of the calling thread's most recent topica call that returns a topica_status: ""
 * if it succeeded. Valid until the thread's next such call. Never NULL. */
TOPICA_API const char* topica_last_error(void) TOPICA_NOEXCEPT;

/* ---- Classifier: a loaded, validated model ---------------------------------------------- */

typedef struct topica_classifier topica_classifier;

typedef enum topica_task {
  TOPICA_TASK_MULTICLASS = 0, /* exactly one label per text (softmax) */
  TOPICA_TASK_MULTILABEL = 1  /* any number of labels (per-label probability and threshold) */
} topica_task;

/* Each init function parses and validates a model and runs its embedded self-test. */
/* From a model file. */
TOPICA_API topica_status topica_classifier_init_from_file(const char* path,
                                                          topica_classifier** out) TOPICA_NOEXCEPT;
/* From the model file's bytes (JSON), which are copied: free them when this returns. */
TOPICA_API topica_status topica_classifier_init_from_buffer(const void* data, size_t size,
                                                            topica_classifier** out) TOPICA_NOEXCEPT;
/* From the default model: $TOPICA_MODEL if set, else the installed news-topics model. */
TOPICA_API topica_status topica_classifier_init_default(topica_classifier** out) TOPICA_NOEXCEPT;

TOPICA_API void topica_classifier_free(topica_classifier* clf) TOPICA_NOEXCEPT;

TOPICA_API topica_task topica_classifier_task(const topica_classifier* clf) TOPICA_NOEXCEPT;
/* The model's labels, in model order (the order every result uses). */
TOPICA_API int32_t topica_classifier_num_labels(const topica_classifier* clf) TOPICA_NOEXCEPT;
/* Valid as long as clf. */
TOPICA_API const char* topica_classifier_label(const topica_classifier* clf,
                                               int32_t index) TOPICA_NOEXCEPT;

/* ---- Classification: every label's score and the predicted labels ---------------------- */

typedef struct topica_classification topica_classification;

TOPICA_API topica_status topica_classifier_classify(const topica_classifier* clf, const char* text,
                                                    size_t text_size,
                                                    topica_classification** out) TOPICA_NOEXCEPT;
TOPICA_API void topica_classification_free(topica_classification* res) TOPICA_NOEXCEPT;

/* One score per model label; `index` is the label's index in model order. */
TOPICA_API int32_t topica_classification_num_labels(const topica_classification* res) TOPICA_NOEXCEPT;
/* Valid as long as res. */
TOPICA_API const char* topica_classification_label(const topica_classification* res,
                                                   int32_t index) TOPICA_NOEXCEPT;
/* Calibrated probability in [0, 1]. */
TOPICA_API float topica_classification_probability(const topica_classification* res,
                                                   int32_t index) TOPICA_NOEXCEPT;
/* Raw linear score w.x + b. */
TOPICA_API float topica_classification_raw_score(const topica_classification* res,
                                                 int32_t index) TOPICA_NOEXCEPT;
/* The predicted labels: k in [0, num_predicted) gives a label index, ascending. */
TOPICA_API int32_t topica_classification_num_predicted(const topica_classification* res) TOPICA_NOEXCEPT;
TOPICA_API int32_t topica_classification_predicted(const topica_classification* res,
                                                   int32_t k) TOPICA_NOEXCEPT;

/* ---- Explanation: why a label got its score --------------------------------------------- */

typedef struct topica_explanation topica_explanation;

/* Contributions of the text's terms to `label`'s raw score, largest |contribution| first.
 * Keeps the top_terms largest (top_terms <= 0 keeps all). An unknown label fails with
 * TOPICA_STATUS_NOT_FOUND. */
TOPICA_API topica_status topica_classifier_explain(const topica_classifier* clf, const char* text,
                                                   size_t text_size, const char* label,
                                                   int32_t top_terms,
                                                   topica_explanation** out) TOPICA_NOEXCEPT;
TOPICA_API void topica_explanation_free(topica_explanation* exp) TOPICA_NOEXCEPT;

TOPICA_API const char* topica_explanation_label(const topica_explanation* exp) TOPICA_NOEXCEPT;
/* raw_score == bias + the sum of all terms' contributions. */
TOPICA_API float topica_explanation_raw_score(const topica_explanation* exp) TOPICA_NOEXCEPT;
TOPICA_API float topica_explanation_bias(const topica_explanation* exp) TOPICA_NOEXCEPT;
TOPICA_API float topica_explanation_probability(const topica_explanation* exp) TOPICA_NOEXCEPT;
/* 1 if the label is predicted for the text, else 0. */
TOPICA_API int topica_explanation_predicted(const topica_explanation* exp) TOPICA_NOEXCEPT;

/* Terms (word or character n-grams): num_terms kept, of total_terms in the text. */
TOPICA_API int32_t topica_explanation_num_terms(const topica_explanation* exp) TOPICA_NOEXCEPT;
TOPICA_API int32_t topica_explanation_total_terms(const topica_explanation* exp) TOPICA_NOEXCEPT;
TOPICA_API const char* topica_explanation_term(const topica_explanation* exp,
                                               int32_t i) TOPICA_NOEXCEPT;
/* contribution == value (the term's tf-idf in the text) * weight. */
TOPICA_API float topica_explanation_term_value(const topica_explanation* exp,
                                               int32_t i) TOPICA_NOEXCEPT;
TOPICA_API float topica_explanation_term_weight(const topica_explanation* exp,
                                                int32_t i) TOPICA_NOEXCEPT;
TOPICA_API float topica_explanation_term_contribution(const topica_explanation* exp,
                                                      int32_t i) TOPICA_NOEXCEPT;

/* Every token of the text in order, as byte offsets [begin, end) into it, with its share of
 * the contributions (for highlighting). */
TOPICA_API int32_t topica_explanation_num_tokens(const topica_explanation* exp) TOPICA_NOEXCEPT;
TOPICA_API uint32_t topica_explanation_token_begin(const topica_explanation* exp,
                                                   int32_t i) TOPICA_NOEXCEPT;
TOPICA_API uint32_t topica_explanation_token_end(const topica_explanation* exp,
                                                 int32_t i) TOPICA_NOEXCEPT;
TOPICA_API float topica_explanation_token_contribution(const topica_explanation* exp,
                                                       int32_t i) TOPICA_NOEXCEPT;

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* TOPICA_TOPICA_H_ */
