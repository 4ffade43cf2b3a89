// A node's drawn box with its label, in the map's coordinates (shared by the app's map,
// ui/components/network_map.js, and the offline page, assets/map.html). vis-network's
// getBoundingBox leaves out the gap between a node and the label under it, so a fit to
// it cut the last line of the lowest label.
function drawnBox(network, id) {
  var box = network.getBoundingBox(id);
  var node = network.body.nodes[id];
  var label = node && node.labelModule && node.labelModule.size;
  if (!box || !label || !(label.width > 0)) return box;
  return {
    left: Math.min(box.left, label.left), right: Math.max(box.right, label.left + label.width),
    top: Math.min(box.top, label.top), bottom: Math.max(box.bottom, label.top + label.height),
  };
}
