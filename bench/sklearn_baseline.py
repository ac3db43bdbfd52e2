#!/usr/bin/env python3
"""scikit-learn reference: TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
+ LinearSVC (C=1), one-vs-rest for multi-label, trained and scored on the same files as topica.

Usage: sklearn_baseline.py TRAIN.jsonl TEST.jsonl   -> one JSON object on stdout
Times are CPU seconds of this process (single-threaded: liblinear does not use threads).
"""
import json
import sys
import time

import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC


def load(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            texts.append(d["text"])
            labels.append(d["labels"])
    return texts, labels


train_texts, train_labels = load(sys.argv[1])
test_texts, test_labels = load(sys.argv[2])
multilabel = any(len(l) != 1 for l in train_labels + test_labels)

t0 = time.process_time()
vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
x_train = vectorizer.fit_transform(train_texts)
if multilabel:
    binarizer = MultiLabelBinarizer()
    y_train = binarizer.fit_transform(train_labels)
    model = OneVsRestClassifier(LinearSVC()).fit(x_train, y_train)
else:
    model = LinearSVC().fit(x_train, [l[0] for l in train_labels])
t1 = time.process_time()
predicted = model.predict(vectorizer.transform(test_texts))
t2 = time.process_time()

result = {"tool": f"scikit-learn {sklearn.__version__}", "features": x_train.shape[1],
          "train_cpu_s": round(t1 - t0, 2), "predict_cpu_s": round(t2 - t1, 2)}
if multilabel:
    known = [[l for l in labels if l in set(binarizer.classes_)] for labels in test_labels]
    y_test = binarizer.transform(known)
    result["micro_f1"] = round(f1_score(y_test, predicted, average="micro", zero_division=0), 4)
    result["macro_f1"] = round(f1_score(y_test, predicted, average="macro", zero_division=0), 4)
else:
    result["accuracy"] = round(accuracy_score([l[0] for l in test_labels], predicted), 4)
    result["macro_f1"] = round(f1_score([l[0] for l in test_labels], predicted, average="macro"), 4)
print(json.dumps(result))
