// Module Web Worker: the same package, loaded from inside a worker.
import { Topica } from '/topica/topica.mjs';

self.onmessage = async ({ data }) => {
  try {
    const m = await Topica.load(data.model);
    const result = { classify: data.texts.map((t) => m.classify(t)) };
    m.dispose();
    postMessage(result);
  } catch (e) {
    postMessage({ error: String(e && e.stack || e) });
  }
};
