using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Models;

/// <summary>
/// The small network of assignment problem 6, the default model of <see cref="Scratch2dCNNClassifier"/>:
/// conv1 8@3×3 pad 1 → relu1 → pool1 max 2 → flatten → fc1 10.
/// Shapes for MNIST: 1×28×28 → 8×28×28 → 8×14×14 → 1568 → 10 logits (15,770 parameters).
/// Returns an unbuilt <see cref="Sequential"/>.
/// </summary>
public static class SimpleCnn
{
    public static Sequential Create(SampleShape? input = null, int filters = 8, int classes = 10) => new(input ?? LeNet5.MnistShape,
        new Conv2d(filters, 3, pad: 1, name: "conv1"),
        new ReLU("relu1"),
        new MaxPool2D(2, name: "pool1"),
        new Flatten("flatten"),
        new Dense(classes, name: "fc1"));
}
