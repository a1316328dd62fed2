using CnnViz.Core.Optimizers;
using CnnViz.Core.Tensors;
using CnnViz.Core.Threading;

namespace CnnViz.Core.Layers;

/// <summary>
/// One step of a network. Every layer has the same life:
/// <list type="number">
/// <item><see cref="Build"/>: learns its input shape, checks it fits, allocates every buffer once
/// (for up to <see cref="MaxBatch"/> samples) and initializes its parameters.</item>
/// <item><see cref="Forward"/>: X (N, C, H, W) → <see cref="Output"/>; keeps what Backward needs.</item>
/// <item><see cref="Backward"/>: dL/dOutput → <see cref="InputGrad"/> (dL/dX), and each
/// <see cref="Parameter.Grad"/> (dW, dB).</item>
/// <item><see cref="Update"/>: the injected optimizer moves each parameter against its gradient.</item>
/// </list>
/// Output, InputGrad and Parameters are public so a renderer can draw them; nothing is allocated per step.
/// <para>A layer writes the book's two methods over a range of samples, <see cref="ForwardRange"/> and
/// <see cref="BackwardRange"/>, reading <see cref="Input"/>, <see cref="Output"/>, <see cref="OutputGrad"/> and
/// <see cref="InputGrad"/>. This class cuts the batch into chunks (<see cref="BatchParallel"/>: the cut depends
/// only on N, never on the thread count) and runs them on the compute threads, so every layer uses both cores
/// and stays bit-identical with 1 or 2 threads. A layer with parameters keeps one gradient share per chunk
/// and adds the shares up in chunk order (see Conv2d), or splits its weight gradient another way (see Dense).</para>
/// </summary>
public abstract class Layer
{
    private readonly BatchParallel _forwardRuns, _backwardRuns;   // made once: nothing allocated per step

    protected Layer(string? name)
    {
        Name = name ?? "";
        _forwardRuns = new BatchParallel(ForwardRange);
        _backwardRuns = new BatchParallel(BackwardRange);
    }

    /// <summary>Unique name within a model, e.g. "conv1" (<see cref="Models.Sequential"/> fills in missing ones).</summary>
    public string Name { get; internal set; }

    /// <summary>Short kind for default names and descriptions: "conv", "relu", "pool", "dense"…</summary>
    public abstract string Kind { get; }

    public SampleShape InputShape { get; private set; }
    public SampleShape OutputShape { get; private set; }
    public int MaxBatch { get; private set; }
    public bool IsBuilt { get; private set; }

    /// <summary>The X given to the last Forward (kept by reference, never copied; Backward may read it).</summary>
    public Batch Input { get; private set; } = null!;

    /// <summary>Result of the last Forward, (N, C_out, H_out, W_out).</summary>
    public Batch Output { get; private set; } = null!;

    /// <summary>dL/dOutput given to the last Backward, (N, C_out, H_out, W_out) (kept by reference).</summary>
    protected Batch OutputGrad { get; private set; } = null!;

    /// <summary>dL/dX from the last Backward, (N, C_in, H_in, W_in); not computed when <see cref="NeedsInputGrad"/> is false.</summary>
    public Batch InputGrad { get; private set; } = null!;

    /// <summary>
    /// False for the first layer of a model: nobody needs dL/dX of the images, so Backward may skip it
    /// (it is the most expensive part of conv1's backward pass).
    /// </summary>
    public bool NeedsInputGrad { get; set; } = true;

    /// <summary>Trainable tensors (weights first, then bias); empty for layers without any.</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>How many trainable numbers this layer has.</summary>
    public int ParameterCount => Parameters.Sum(p => p.Length);

    /// <summary>The optimizer injected for this layer's parameters (null: the model's default).</summary>
    public Optimizer? Optimizer { get; set; }

    /// <summary>One line for summaries and checkpoints, e.g. "conv1: Conv2d 6@5×5 pad 2 → 6×28×28".</summary>
    public virtual string Describe() => $"{Name}: {GetType().Name} → {OutputShape}";

    /// <summary>Checks <paramref name="input"/>, allocates buffers for up to <paramref name="maxBatch"/> samples, initializes parameters.</summary>
    /// <exception cref="ShapeException">The input shape does not fit this layer; the message names the layer.</exception>
    public void Build(SampleShape input, int maxBatch, Rng rng)
    {
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, $"{Name}: batch size must be at least 1.");
        SampleShape output = OutputShapeFor(input);
        InputShape = input;
        OutputShape = output;
        MaxBatch = maxBatch;
        Output = new Batch(output, maxBatch);
        InputGrad = new Batch(input, maxBatch);
        OnBuild(rng);
        IsBuilt = true;
    }

    /// <summary>The output shape this layer gives for <paramref name="input"/>, without building or allocating anything.</summary>
    /// <exception cref="ShapeException">The input does not fit this layer; the message names the layer and the shapes.</exception>
    public SampleShape OutputShapeFor(SampleShape input)
    {
        try { return InferOutputShape(input); }
        catch (ArgumentException e) when (e is not ShapeException) { throw new ShapeException($"{Name}: {e.Message}"); }
    }

    /// <summary>
    /// The output shape for an input shape; throws <see cref="ShapeException"/> (or ArgumentException,
    /// which Build prefixes with the layer name) saying why the input does not fit.
    /// </summary>
    protected abstract SampleShape InferOutputShape(SampleShape input);

    /// <summary>Allocate caches and initialize parameters; InputShape, OutputShape and MaxBatch are set.</summary>
    protected virtual void OnBuild(Rng rng) { }

    /// <summary>Computes <see cref="Output"/> from X (N, C, H, W) and returns it.</summary>
    /// <exception cref="ShapeException">X's sample shape differs from the built input shape, or N exceeds MaxBatch.</exception>
    public Batch Forward(Batch x)
    {
        StartForward(x);
        ForwardCore();
        return Output;
    }

    /// <summary>Given dL/dOutput (N, C_out, H_out, W_out), fills parameter gradients and <see cref="InputGrad"/>, and returns InputGrad.</summary>
    public Batch Backward(Batch outputGrad)
    {
        StartBackward(outputGrad);
        BackwardCore();
        AfterBackward();
        return InputGrad;
    }

    // ---- the halves of Forward and Backward that ChunkPipeline calls around the chunks it runs itself ----

    /// <summary>Forward before any sample is computed: checks X, takes it as <see cref="Input"/>, runs <see cref="BeforeForward"/>.</summary>
    internal void StartForward(Batch x)
    {
        RequireBuilt();
        if (x.Shape != InputShape)
            throw new ShapeException($"{Name}: expected input samples of {InputShape} (C×H×W), got {x.Shape}.");
        if (x.Count > MaxBatch)
            throw new ShapeException($"{Name}: a batch of {x.Count} exceeds the {MaxBatch} samples this layer was built for.");
        Input = x;
        Output.Count = x.Count;
        BeforeForward();
    }

    /// <summary>Backward before any sample is computed: checks dL/dOutput, takes it as <see cref="OutputGrad"/>, runs <see cref="BeforeBackward"/>.</summary>
    internal void StartBackward(Batch outputGrad)
    {
        RequireBuilt();
        if (outputGrad.Shape != OutputShape || outputGrad.Count != Output.Count)
            throw new ShapeException($"{Name}: expected an output gradient of {Output.Count}×{OutputShape}, got {outputGrad.Count}×{outputGrad.Shape}.");
        OutputGrad = outputGrad;
        InputGrad.Count = outputGrad.Count;
        BeforeBackward();
    }

    internal void ForwardChunk(int chunk, int first, int count) => ForwardRange(chunk, first, count);

    internal void BackwardChunk(int chunk, int first, int count) => BackwardRange(chunk, first, count);

    internal void FinishBackward() => AfterBackward();

    /// <summary>
    /// True when <see cref="ForwardRange"/> and <see cref="BackwardRange"/> read and write only their own samples
    /// (and their chunk's scratch), and any work on the whole batch happens in <see cref="BeforeForward"/>,
    /// <see cref="BeforeBackward"/> and <see cref="AfterBackward"/>, not in an override of ForwardCore or BackwardCore.
    /// Then <see cref="Models.Sequential"/> may run a chunk of the batch through several such layers in a row
    /// (see <see cref="Models.ChunkPipeline"/>): same numbers, one hand-out of work for all of them.
    /// </summary>
    internal virtual bool ChunksArePerSample => false;

    /// <summary>Whether backward has anything to compute: dL/dx for the layer before, or gradients of parameters.</summary>
    internal bool BackwardRuns => NeedsInputGrad || Parameters.Count > 0;

    /// <summary>Work on the whole batch before the forward chunks run (Input and Output.Count are set).</summary>
    protected virtual void BeforeForward() { }

    /// <summary>Work on the whole batch before the backward chunks run (OutputGrad and InputGrad.Count are set).</summary>
    protected virtual void BeforeBackward() { }

    /// <summary>Work on the whole batch after every backward chunk has run, e.g. adding up per-chunk gradient shares.</summary>
    protected virtual void AfterBackward() { }

    /// <summary>Output = f(Input) for samples first..first+count−1, as chunk <paramref name="chunk"/> (index of its scratch).</summary>
    protected abstract void ForwardRange(int chunk, int first, int count);

    /// <summary>
    /// For samples first..first+count−1: InputGrad = dL/dx from OutputGrad = dL/dy (skip it when
    /// <see cref="NeedsInputGrad"/> is false), and this chunk's share of each parameter gradient.
    /// </summary>
    protected abstract void BackwardRange(int chunk, int first, int count);

    /// <summary>
    /// Estimated cost of <paramref name="samples"/> samples (multiply-adds or element operations); runs below
    /// <see cref="BatchParallel.MinParallelWork"/> stay on the calling thread. Default: one per input element.
    /// </summary>
    protected virtual long WorkOf(int samples) => (long)samples * InputShape.Size;

    /// <summary>Runs <see cref="ForwardRange"/> over the chunks of the batch. Override to compute forward another way.</summary>
    protected virtual void ForwardCore() => _forwardRuns.Run(Input.Count, WorkOf(Input.Count));

    /// <summary>
    /// Runs <see cref="BackwardRange"/> over the chunks of the batch (nothing to do for a layer without parameters
    /// whose dL/dx nobody needs). Override to compute backward another way (see Dense).
    /// </summary>
    protected virtual void BackwardCore()
    {
        if (BackwardRuns) _backwardRuns.Run(OutputGrad.Count, WorkOf(OutputGrad.Count));
    }

    /// <summary>Applies the optimizer to every parameter, using the gradients of the last Backward.</summary>
    public void Update()
    {
        var parameters = Parameters;
        if (parameters.Count == 0) return;
        var optimizer = Optimizer ?? throw new InvalidOperationException($"{Name}: no optimizer was given to this layer or its model.");
        for (int i = 0; i < parameters.Count; i++) optimizer.Update(parameters[i]); // no foreach: no enumerator allocated per step
    }

    private void RequireBuilt()
    {
        if (!IsBuilt) throw new InvalidOperationException($"{Name}: call Build (or build the model) before Forward/Backward.");
    }

    public override string ToString() => Describe();
}
