#!/usr/bin/env python3
"""scikit-learn reference: TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
+ LinearSVC (C=1), one-vs-rest for multi-label: the same features and loss as topica's
defaults. Single-threaded (liblinear does not use threads).

  sklearn_baseline.py TRAIN.jsonl TEST.jsonl
      train and score in one process; one JSON object on stdout (CPU seconds of this process)
  sklearn_baseline.py train TRAIN.jsonl MODEL.pkl
      fit and pickle {vectorizer, model, labels}; JSON on stdout
  sklearn_baseline.py predict MODEL.pkl INPUT.txt OUT.txt
      one document per line in INPUT (UTF-8, '\\n'-separated), vectorized and predicted in
      batches of 1,000 lines (memory stays bounded); OUT gets the predicted labels of each
      line, tab-separated (an empty line = no label)
  sklearn_baseline.py export-libsvm TRAIN.jsonl OUT_DIR INPUT.txt...
      LIBLINEAR's input: fit the vectorizer on TRAIN and write OUT_DIR/train.svm
      (multi-class: label = class index; multi-label: label 0, with OUT_DIR/train_labels.tsv
      holding one 0/1 column per label), OUT_DIR/labels.txt, and for each INPUT.txt the
      features of its lines as OUT_DIR/<basename>.svm (label 0); JSON on stdout with the CPU
      seconds of vectorizer.fit_transform and of each transform
"""
import json
import os
import pickle
import sys
import time

import numpy as np
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


def make_vectorizer():
    return TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)


def is_multilabel(labels):
    # topica's rule (--task auto): multi-label if any training document has 0 or 2+ labels.
    return any(len(l) != 1 for l in labels)


def fit(texts, labels):
    vectorizer = make_vectorizer()
    x = vectorizer.fit_transform(texts)
    if is_multilabel(labels):
        binarizer = MultiLabelBinarizer()
        y = binarizer.fit_transform(labels)
        model = OneVsRestClassifier(LinearSVC()).fit(x, y)
        classes = list(binarizer.classes_)
    else:
        model = LinearSVC().fit(x, [l[0] for l in labels])
        classes = list(model.classes_)
    return {"vectorizer": vectorizer, "model": model, "classes": classes,
            "multilabel": is_multilabel(labels)}, x.shape[1]


def read_lines(path, batch=1000):
    with open(path, encoding="utf-8", newline="\n") as f:
        chunk = []
        for line in f:
            chunk.append(line[:-1] if line.endswith("\n") else line)
            if len(chunk) == batch:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def cmd_train(train_path, model_path):
    texts, labels = load(train_path)
    t0 = time.process_time()
    bundle, features = fit(texts, labels)
    t1 = time.process_time()
    with open(model_path, "wb") as f:
        pickle.dump(bundle, f, protocol=pickle.HIGHEST_PROTOCOL)
    print(json.dumps({"tool": f"scikit-learn {sklearn.__version__}", "features": features,
                      "fit_cpu_s": round(t1 - t0, 3)}))


def cmd_predict(model_path, input_path, out_path):
    with open(model_path, "rb") as f:
        b = pickle.load(f)
    vectorizer, model, classes = b["vectorizer"], b["model"], b["classes"]
    with open(out_path, "w", encoding="utf-8") as out:
        for chunk in read_lines(input_path):
            y = model.predict(vectorizer.transform(chunk))
            if b["multilabel"]:
                rows = ("\t".join(classes[j] for j in np.flatnonzero(r)) for r in y)
            else:
                rows = (str(v) for v in y)
            out.write("\n".join(rows) + "\n")


def cmd_export_libsvm(train_path, out_dir, inputs):
    from sklearn.datasets import dump_svmlight_file
    os.makedirs(out_dir, exist_ok=True)
    texts, labels = load(train_path)
    vectorizer = make_vectorizer()
    t0 = time.process_time()
    x = vectorizer.fit_transform(texts)
    timing = {"fit_transform_cpu_s": round(time.process_time() - t0, 3), "features": x.shape[1]}
    if is_multilabel(labels):
        binarizer = MultiLabelBinarizer()
        y = binarizer.fit_transform(labels)
        classes = list(binarizer.classes_)
        dump_svmlight_file(x, np.zeros(x.shape[0]), os.path.join(out_dir, "train.svm"),
                           zero_based=False)
        np.savetxt(os.path.join(out_dir, "train_labels.tsv"), y, fmt="%d", delimiter="\t")
    else:
        classes = sorted(set(l[0] for l in labels))
        index = {c: i for i, c in enumerate(classes)}
        dump_svmlight_file(x, np.array([index[l[0]] for l in labels]),
                           os.path.join(out_dir, "train.svm"), zero_based=False)
    with open(os.path.join(out_dir, "labels.txt"), "w", encoding="utf-8") as f:
        f.write("".join(c + "\n" for c in classes))
    timing["transform_cpu_s"] = {}
    for path in inputs:
        name = os.path.splitext(os.path.basename(path))[0]
        spent = 0.0
        with open(os.path.join(out_dir, name + ".svm"), "wb") as f:
            for chunk in read_lines(path):
                t0 = time.process_time()
                xc = vectorizer.transform(chunk)
                spent += time.process_time() - t0
                dump_svmlight_file(xc, np.zeros(xc.shape[0]), f, zero_based=False)
        timing["transform_cpu_s"][name] = round(spent, 3)
    print(json.dumps(timing))


def cmd_score(train_path, test_path):
    train_texts, train_labels = load(train_path)
    test_texts, test_labels = load(test_path)
    t0 = time.process_time()
    b, features = fit(train_texts, train_labels)
    t1 = time.process_time()
    predicted = b["model"].predict(b["vectorizer"].transform(test_texts))
    t2 = time.process_time()
    result = {"tool": f"scikit-learn {sklearn.__version__}", "features": features,
              "train_cpu_s": round(t1 - t0, 2), "predict_cpu_s": round(t2 - t1, 2)}
    if b["multilabel"]:
        known = set(b["classes"])
        y_test = MultiLabelBinarizer(classes=b["classes"]).fit_transform(
            [[l for l in labels if l in known] for labels in test_labels])
        result["micro_f1"] = round(f1_score(y_test, predicted, average="micro", zero_division=0), 4)
        result["macro_f1"] = round(f1_score(y_test, predicted, average="macro", zero_division=0), 4)
    else:
        truth = [l[0] for l in test_labels]
        result["accuracy"] = round(accuracy_score(truth, predicted), 4)
        result["macro_f1"] = round(f1_score(truth, predicted, average="macro"), 4)
    print(json.dumps(result))


def main(argv):
    if len(argv) == 3 and argv[0] == "train":
        cmd_train(*argv[1:])
    elif len(argv) == 4 and argv[0] == "predict":
        cmd_predict(*argv[1:])
    elif len(argv) >= 3 and argv[0] == "export-libsvm":
        cmd_export_libsvm(argv[1], argv[2], argv[3:])
    elif len(argv) == 2 and argv[0] not in ("train", "predict", "export-libsvm"):
        cmd_score(*argv)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
