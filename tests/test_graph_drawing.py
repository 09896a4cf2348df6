"""Drawing a scalar computation graph and stepping through its backward pass (notebook 02)."""

from descent.autograd import Value
from descent.course.graph_drawing import backward_snapshots, backward_stepper, draw_graph, layout


def example():
    w, x = Value(2.0, label="w"), Value(-1.0, label="x")
    out = (w * x + 1.0).tanh()
    out.label = "out"
    return w, x, out


def test_layout_puts_inputs_left_of_their_users():
    w, x, out = example()
    positions = layout(out)
    assert positions[w][0] < positions[out][0] and positions[x][0] == positions[w][0]
    for node, (column, _) in positions.items():
        for parent in node.parents:
            assert positions[parent][0] < column


def test_snapshots_grow_to_the_full_backward_pass():
    w, x, out = example()
    snapshots = backward_snapshots(out)
    first_node, first_grads = snapshots[0]
    summed = out.parents[0]  # w*x + 1, the input of tanh
    # step 1 visits the output: it has gradient 1 and has passed it to its input only
    assert first_node is out and set(first_grads) == {out, summed} and first_grads[out] == 1.0
    assert len(snapshots) == 6  # w, x, w*x, 1.0, +, tanh
    assert snapshots[-1][1][w] == w.grad != 0 and w.grad == x.data * (1 - out.data**2)


def test_stepper_redraws_with_the_chosen_step():
    _, _, out = example()
    stepper = backward_stepper(out)
    assert "step 6 of 6" in stepper.figure.axes[0].get_title()
    stepper.controls["step"].value = 1
    assert stepper.figure.axes[0].get_title().startswith("step 1 of 6: 'out'")


def test_draw_graph_shows_values():
    _, _, out = example()
    out.backward()
    texts = [t.get_text() for t in draw_graph(out).axes[0].texts]
    assert any(t.startswith("w\ndata 2.00\ngrad") for t in texts)
