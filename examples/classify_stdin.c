/* Classifies the text read from stdin with topica's default model ($TOPICA_MODEL, else the
 * installed news-topics model) through the C API, and prints every label's probability,
 * marking the predicted ones. Prints exactly what classify_stdin.cc prints.
 *
 *   echo "The central bank raised interest rates again" | ./classify_stdin_c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <topica/topica.h>

/* Reads all of stdin into a malloc'd buffer; returns NULL on failure. */
static char* read_all(FILE* in, size_t* size) {
  size_t cap = 4096, len = 0;
  char* buf = malloc(cap);
  while (buf != NULL) {
    len += fread(buf + len, 1, cap - len, in);
    if (len < cap) break;
    char* bigger = realloc(buf, cap * 2);
    if (bigger == NULL) free(buf);
    buf = bigger;
    cap *= 2;
  }
  if (buf != NULL && ferror(in)) {
    free(buf);
    buf = NULL;
  }
  *size = len;
  return buf;
}

int main(void) {
  topica_classifier* clf = NULL;
  if (topica_classifier_init_default(&clf) != TOPICA_STATUS_OK) {
    fprintf(stderr, "classify_stdin_c: %s\n", topica_last_error());
    return 1;
  }
  size_t size = 0;
  char* text = read_all(stdin, &size);
  if (text == NULL) {
    fprintf(stderr, "classify_stdin_c: cannot read stdin\n");
    topica_classifier_free(clf);
    return 1;
  }

  topica_classification* res = NULL;
  int rc = 0;
  if (topica_classifier_classify(clf, text, size, &res) != TOPICA_STATUS_OK) {
    fprintf(stderr, "classify_stdin_c: %s\n", topica_last_error());
    rc = 1;
  } else {
    int32_t next = 0; /* predicted label indices come in ascending order */
    for (int32_t l = 0; l < topica_classification_num_labels(res); ++l) {
      const int predicted = next < topica_classification_num_predicted(res) &&
                            topica_classification_predicted(res, next) == l;
      if (predicted) ++next;
      printf("%s\t%.4f%s\n", topica_classification_label(res, l),
             (double)topica_classification_probability(res, l), predicted ? "\tpredicted" : "");
    }
  }
  topica_classification_free(res);
  free(text);
  topica_classifier_free(clf);
  return rc;
}
