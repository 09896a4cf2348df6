"""Topological order of a computation graph, shared by both autograd engines.

A node's ``parents`` are the inputs it was computed from. In topological order every
node comes after all of its parents, so walking the order *backwards* visits each node
only after every node that used it: exactly when its gradient is complete.
"""

from __future__ import annotations


def topological_order(root) -> list:
    """Every node ``root`` depends on (``root`` included), each after its parents.

    Iterative depth-first search, so graphs deeper than Python's recursion limit work.
    Nodes are compared by identity, so equal values in different nodes stay apart.
    """
    order, seen = [], {id(root)}
    stack = [(root, iter(root.parents))]
    while stack:
        node, parents = stack[-1]
        for parent in parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append((parent, iter(parent.parents)))
                break
        else:  # every parent is placed: place the node
            stack.pop()
            order.append(node)
    return order
