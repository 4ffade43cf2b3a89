// What the app's map component and the offline map page use of vis-network: the
// "esnext" builds (modern JavaScript, no core-js polyfills), bundled with their peers
// into one file that sets `globalThis.vis`, as the standalone build does.
export { Network } from "vis-network/esnext/esm/vis-network.js";
export { DataSet, DataView } from "vis-data/esnext/esm/vis-data.js";
