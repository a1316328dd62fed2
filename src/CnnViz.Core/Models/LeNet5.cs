using CnnViz.Core.Initializers;
using CnnViz.Core.Layers;
using CnnViz.Core.Tensors;

namespace CnnViz.Core.Models;

/// <summary>
/// LeNet-5 (assignment problem 7; LeCun, Bottou, Bengio &amp; Haffner 1998, "Gradient-based learning
/// applied to document recognition"), for 1×28×28 MNIST digits. Both variants have 61,706 parameters
/// and return an unbuilt <see cref="Sequential"/> with named layers:
/// conv1 → act1 → pool1 → conv2 → act2 → pool2 → flatten → fc1 → act3 → fc2 → act4 → fc3.
/// Shapes: 1×28×28 → conv1 (pad 2) 6×28×28 → pool1 6×14×14 → conv2 16×10×10 → pool2 16×5×5
/// → flatten 400 → fc1 120 → fc2 84 → fc3 10 logits (softmax cross-entropy is the model's loss).
/// </summary>
public static class LeNet5
{
    /// <summary>MNIST's sample shape, 1×28×28.</summary>
    public static readonly SampleShape MnistShape = new(1, 28, 28);

    /// <summary>
    /// The way LeNet-5 is usually trained today: ReLU activations, 2×2 max pooling, He initialization.
    /// conv1 6@5×5 pad 2 → relu1 → pool1 max 2 → conv2 16@5×5 → relu2 → pool2 max 2 → flatten
    /// → fc1 120 → relu3 → fc2 84 → relu4 → fc3 10.
    /// </summary>
    /// <param name="input">Sample shape (default 1×28×28); smaller images work as long as every layer fits.</param>
    public static Sequential Modern(SampleShape? input = null, int classes = 10) => new(input ?? MnistShape,
        new Conv2d(6, 5, pad: 2, name: "conv1"),
        new ReLU("relu1"),
        new MaxPool2D(2, name: "pool1"),
        new Conv2d(16, 5, name: "conv2"),
        new ReLU("relu2"),
        new MaxPool2D(2, name: "pool2"),
        new Flatten("flatten"),
        new Dense(120, name: "fc1"),
        new ReLU("relu3"),
        new Dense(84, name: "fc2"),
        new ReLU("relu4"),
        new Dense(classes, name: "fc3"));

    /// <summary>
    /// LeNet-5 in the spirit of the 1998 paper: tanh activations, 2×2 average pooling ("subsampling"),
    /// Xavier initialization (σ = 1/√fanIn, which suits tanh).
    /// conv1 6@5×5 pad 2 → tanh1 → pool1 avg 2 → conv2 16@5×5 → tanh2 → pool2 avg 2 → flatten
    /// → fc1 120 → tanh3 → fc2 84 → tanh4 → fc3 10.
    /// <para>What differs from the paper:</para>
    /// <list type="bullet">
    /// <item>Input: the paper pads the digits to 32×32 images; here conv1 zero-pads 28×28 by 2, which gives the same 28×28 C1 maps.</item>
    /// <item>C3 connects every one of its 16 maps to all 6 S2 maps (2,416 parameters), not the paper's sparse table (1,516).</item>
    /// <item>S2 and S4 are plain 2×2 averages; the paper's subsampling multiplies the sum by a trainable coefficient, adds a trainable bias and applies the sigmoid-like squashing.</item>
    /// <item>The activation is plain tanh, not the paper's scaled 1.7159·tanh(2x/3).</item>
    /// <item>C5 is a Dense layer on the flattened 16×5×5 maps, which is exactly a 5×5 convolution on a 5×5 input.</item>
    /// <item>The output is 10 logits trained with softmax cross-entropy, not the paper's Euclidean RBF units with fixed 7×12 bitmap codes and its MAP criterion.</item>
    /// <item>Trained with mini-batch gradient descent (any optimizer here), not the paper's stochastic diagonal Levenberg–Marquardt.</item>
    /// </list>
    /// </summary>
    public static Sequential Classic1998(SampleShape? input = null, int classes = 10)
    {
        var xavier = new XavierInitializer();
        return new Sequential(input ?? MnistShape,
            new Conv2d(6, 5, pad: 2, initializer: xavier, name: "conv1"),
            new Tanh("tanh1"),
            new AveragePool2D(2, name: "pool1"),
            new Conv2d(16, 5, initializer: xavier, name: "conv2"),
            new Tanh("tanh2"),
            new AveragePool2D(2, name: "pool2"),
            new Flatten("flatten"),
            new Dense(120, xavier, name: "fc1"),
            new Tanh("tanh3"),
            new Dense(84, xavier, name: "fc2"),
            new Tanh("tanh4"),
            new Dense(classes, xavier, name: "fc3"));
    }
}
