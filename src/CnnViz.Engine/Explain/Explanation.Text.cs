using System.Globalization;
using System.Text;
using CnnViz.Core.Layers;

namespace CnnViz.Engine.Explain;

// The arithmetic as text: what `explain LAYER CHANNEL Y X` prints headless.
public sealed partial class Explanation
{
    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>The position as written in the command: "conv1[2, 14, 9]" or "fc2[17]".</summary>
    public string Position => _position ??= _model.Layers[Layer].OutputShape.IsFlat ? $"{LayerName}[{Channel}]" : $"{LayerName}[{Channel}, {Y}, {X}]";
    private string? _position;

    /// <summary>Every step of the arithmetic, one fact per line.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var l = _model.Layers[Source];
        sb.Append(Position).Append(" = ").Append(F(Value)).Append("   (").Append(l.Describe()).AppendLine(")");
        AppendField(sb);
        switch (l)
        {
            case Conv2dBase conv: AppendConvolution(sb, conv); break;
            case Pool2D pool: AppendPool(sb, pool); break;
            case Dense dense: AppendDense(sb, dense); break;
            case Flatten: sb.AppendLine($"flatten copies input {Channels(l)} unit {Terms[0]} = {F(Inputs[0])}"); break;
            default: break;
        }
        if (ActivationName is not null)
            sb.AppendLine($"{(Layer > Source || Kind is ExplainKind.Elementwise ? "" : "then ")}{ActivationName} = f({F(Computed)}) = {F(Activated)}");
        if (Logits.Length > 0)
        {
            sb.AppendLine("logits z and softmax p_k = e^z_k / Σ_j e^z_j:");
            for (int k = 0; k < Logits.Length; k++) sb.AppendLine($"  class {k}: z = {F(Logits[k]),8}  p = {Probabilities[k] * 100,6:0.00}%");
        }
        sb.Append("layer output: ").Append(F(Actual)).Append("   |computed − output| = ").AppendLine(Math.Abs(Value - Actual).ToString("0.0e+0", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string Channels(Layer l) => l.InputShape.ToString();

    private void AppendField(StringBuilder sb)
    {
        sb.Append("receptive field:");
        for (int i = Fields.Length - 1; i >= 0; i--)
        {
            var f = Fields[i];
            if (f.Channel < 0 && _model.Layers[i].InputShape.IsFlat && i > 0) continue; // "all of a vector": the image line says it
            string below = i == 0 ? "image" : _model.Layers[i - 1].Name;
            sb.Append(sb[^1] == ':' ? " " : ", ").Append(below).Append(' ')
              .Append(_model.Layers[i].InputShape.C == 1 ? "" : f.Channel < 0 ? "all channels " : $"ch {f.Channel} ")
              .Append($"rows {f.Top}..{f.Bottom} cols {f.Left}..{f.Right}");
        }
        sb.AppendLine();
    }

    private void AppendConvolution(StringBuilder sb, Conv2dBase conv)
    {
        int fh = conv.KernelHeight, fw = conv.KernelWidth, size = fh * fw;
        sb.AppendLine($"z = Σ_k Σ_s Σ_t x[k, {Y}·{conv.StrideHeight}+s−{conv.PadHeight}, {X}·{conv.StrideWidth}+t−{conv.PadWidth}] · w[{Channel}, k, s, t] + b[{Channel}]   (x = 0 in the padding)");
        for (int k = 0; k < conv.Channels; k++)
        {
            double partial = 0;
            for (int i = k * size; i < (k + 1) * size; i++) partial += (double)Inputs[i] * Weights[i];
            sb.AppendLine($"input channel {k}: patch x | kernel w | products x·w   (Σ = {F(partial)})");
            for (int s = 0; s < fh; s++)
            {
                int row = k * size + s * fw;
                AppendRow(sb, Inputs, row, fw); sb.Append(" | ");
                AppendRow(sb, Weights, row, fw); sb.Append(" | ");
                AppendRow(sb, Products, row, fw); sb.AppendLine();
            }
        }
        sb.AppendLine($"Σ x·w = {F(Sum)}, + bias {F(Bias)} = z = {F(Computed)}");
    }

    private static void AppendRow(StringBuilder sb, float[] values, int start, int count)
    {
        for (int i = start; i < start + count; i++) sb.Append(i == start ? "" : " ").Append(values[i].ToString("0.000", CultureInfo.InvariantCulture).PadLeft(6));
    }

    private void AppendPool(StringBuilder sb, Pool2D pool)
    {
        int window = pool.WindowHeight * pool.WindowWidth;
        sb.AppendLine($"{pool.WindowHeight}×{pool.WindowWidth} window of channel {Channel} at rows {Y * pool.StrideHeight}..{Y * pool.StrideHeight + pool.WindowHeight - 1}, cols {X * pool.StrideWidth}..{X * pool.StrideWidth + pool.WindowWidth - 1}:");
        for (int s = 0; s < pool.WindowHeight; s++) { sb.Append("  "); AppendRow(sb, Inputs, s * pool.WindowWidth, pool.WindowWidth); sb.AppendLine(); }
        if (Kind == ExplainKind.MaxPool)
            sb.AppendLine($"max = {F(Computed)} (row {Terms[Winner] / pool.InputShape.W}, col {Terms[Winner] % pool.InputShape.W}; ties go to the first in row-major order)");
        else sb.AppendLine($"mean = Σ x / {window} = {F(Sum)} / {window} = {F(Computed)}");
    }

    private void AppendDense(StringBuilder sb, Dense dense)
    {
        sb.AppendLine($"z = Σ_i x_i · W[i, {Channel}] + b[{Channel}] over {dense.Inputs} inputs; largest contributions:");
        for (int i = 0; i < Terms.Length; i++)
            sb.AppendLine($"  input {Terms[i],4}: x = {F(Inputs[i]),8} · w = {F(Weights[i]),8} = {F(Products[i]),8}");
        sb.AppendLine($"Σ x·w = {F(Sum)} (all {dense.Inputs}), + bias {F(Bias)} = z = {F(Computed)}");
    }
}
