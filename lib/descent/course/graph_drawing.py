"""Drawing a scalar computation graph, and stepping through its backward pass.

Drawn with matplotlib alone: it installs from PyPI everywhere, renders offline, and
gives a PNG in a notebook run headless (graphviz would need its ``dot`` program from
outside PyPI). Inputs sit on the left, the output on the right; each box shows a node's
operation (or name), its forward value and its gradient.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from descent.autograd import Value, backward_steps
from descent.course.widgets import FigureSlider
from descent.graph import topological_order

COLORS = {"node": "#e8eef7", "current": "#f4a259", "received": "#fbe3c8", "edge": "#7a869a"}


def layout(root: Value) -> dict[Value, tuple[float, float]]:
    """Positions: x = the node's depth (longest path from an input), y spread per column.

    An input (a leaf) sits one column before the first node that uses it, so constants
    that enter late do not stretch arrows across the whole figure.
    """
    order = topological_order(root)
    depth: dict[Value, int] = {}
    for node in order:
        depth[node] = 1 + max((depth[p] for p in node.parents), default=-1)
    leaf_depth: dict[Value, int] = {}
    for node in order:
        for parent in node.parents:
            if not parent.parents:
                leaf_depth[parent] = min(depth[node] - 1, leaf_depth.get(parent, depth[node]))
    depth.update(leaf_depth)
    columns: dict[int, list[Value]] = {}
    for node in order:
        columns.setdefault(depth[node], []).append(node)
    positions = {}
    for x, nodes in columns.items():
        for i, node in enumerate(nodes):
            positions[node] = (float(x), (len(nodes) - 1) / 2 - i)
    return positions


def _box_text(node: Value, grad: float | None, show_grad: bool) -> str:
    name = node.label or node.op or "const"
    if node.label and node.op:
        name = f"{node.op} → {node.label}"
    text = f"{name}\ndata {node.data:.2f}"
    if show_grad:
        text += "\ngrad " + ("?" if grad is None else f"{grad:.2f}")
    return text


def draw_graph(root: Value, *, grads: dict | None = None, show_grads: bool = True,
               current: Value | None = None, title: str = "", ax=None) -> Figure:
    """Draw the graph that computes ``root``.

    ``grads`` maps nodes to the gradients to print (default: each node's ``.grad``); a
    node missing from it shows ``grad ?``. ``current`` is highlighted, and its parents
    lightly, as the node whose gradient was just passed on to them.
    """
    positions = layout(root)
    width = max(x for x, _ in positions.values()) + 1
    height = max(len([p for p in positions.values() if p[0] == x]) for x in range(int(width)))
    if ax is None:
        fig, ax = plt.subplots(figsize=(max(6.0, 2.0 * width), max(3.0, 1.5 * height)))
    else:
        fig = ax.figure
    boxes = {}
    for node, (x, y) in positions.items():
        grad = node.grad if grads is None else grads.get(node)
        color = COLORS["node"]
        if node is current:
            color = COLORS["current"]
        elif current is not None and node in current.parents:
            color = COLORS["received"]
        boxes[node] = ax.text(
            x, y, _box_text(node, grad, show_grads), ha="center", va="center", fontsize=10,
            family="monospace",
            bbox={"boxstyle": "round,pad=0.4", "facecolor": color, "edgecolor": "#3d4a5c"},
        )
    for node, box in boxes.items():
        for parent in node.parents:  # from the right edge of the input to the left edge
            ax.annotate("", xy=(0, 0.5), xycoords=box, xytext=(1, 0.5),
                        textcoords=boxes[parent],
                        arrowprops={"arrowstyle": "->", "color": COLORS["edge"], "lw": 1.4,
                                    "shrinkA": 4, "shrinkB": 4})
    ax.set_xlim(-0.6, width - 0.4)
    ys = [y for _, y in positions.values()]
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return fig


def backward_snapshots(root: Value) -> list[tuple[Value, dict[Value, float]]]:
    """Zero the gradients, run the backward pass, and record it one node at a time.

    Returns a list of ``(node, grads)``: the node just visited, and the gradient every
    node had received at that moment (nodes that had received nothing yet are left out).
    The graph ends fully backpropagated.
    """
    root.zero_grad()
    nodes = topological_order(root)
    snapshots, visited = [], set()
    for node in backward_steps(root):
        visited.add(node)
        received = {n: n.grad for n in nodes if n in visited or n.grad != 0}
        snapshots.append((node, received))
    return snapshots


def backward_stepper(root: Value) -> FigureSlider:
    """A slider over the steps of the backward pass of ``root``; starts at the last step."""
    snapshots = backward_snapshots(root)

    def draw(step: int) -> Figure:
        node, grads = snapshots[step - 1]
        name = node.label or node.op or f"{node.data:g}"
        title = f"step {step} of {len(snapshots)}: '{name}' passes its gradient to its inputs"
        if not node.parents:
            title = f"step {step} of {len(snapshots)}: input '{name}' has its gradient"
        return draw_graph(root, grads=grads, current=node, title=title)

    slider = widgets.IntSlider(value=len(snapshots), min=1, max=len(snapshots),
                               description="step", continuous_update=False)
    return FigureSlider(draw, step=slider)
