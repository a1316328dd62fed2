using System.Reflection;
using CnnViz.Core.Layers;
using CnnViz.Core.Models;
using CnnViz.Core.Optimizers;
using CnnViz.Engine;
using CnnViz.Engine.Commands;
using CnnViz.Engine.Live;

namespace CnnViz.Render.Tests;

/// <summary>
/// The rule "Render only draws", checked by type: no type of the CnnViz.Render assembly has a field, property,
/// method or constructor parameter, or return value of a type that can change a session (the session itself,
/// the frame controller, the command layer, or Core's mutable model objects). Render is handed
/// <see cref="Engine.Views.SessionViews"/> (read-only spans and values) and the <see cref="ViewState"/>.
/// </summary>
public sealed class RenderOnlyDrawsTests
{
    private static readonly Type[] Mutators =
    [
        typeof(TrainingSession), typeof(FrameController), typeof(WindowCommands), typeof(CommandExecutor),
        typeof(Sequential), typeof(Layer), typeof(Parameter), typeof(Optimizer), typeof(MiniBatches),
    ];

    private static bool IsMutator(Type t)
    {
        while (t.HasElementType) t = t.GetElementType()!;
        if (t.IsGenericType && t.GetGenericArguments().Any(IsMutator)) return true;
        return Mutators.Any(m => m.IsAssignableFrom(t));
    }

    [Fact]
    public void NothingInRender_HoldsOrTakesAnythingThatChangesASession()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<string>();
        foreach (Type type in typeof(Viewer).Assembly.GetTypes())
        {
            foreach (var f in type.GetFields(all)) if (IsMutator(f.FieldType)) found.Add($"{type.Name}.{f.Name} (field)");
            foreach (var p in type.GetProperties(all)) if (IsMutator(p.PropertyType)) found.Add($"{type.Name}.{p.Name} (property)");
            foreach (MethodBase m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                if (m is MethodInfo mi && IsMutator(mi.ReturnType)) found.Add($"{type.Name}.{m.Name} (returns)");
                foreach (var p in m.GetParameters()) if (IsMutator(p.ParameterType)) found.Add($"{type.Name}.{m.Name}({p.Name})");
            }
        }
        Assert.True(found.Count == 0, "Render reaches things that change a session: " + string.Join(", ", found));
        Assert.True(typeof(Viewer).Assembly.GetTypes().Length > 20, "the scan saw Render's types");
    }

    [Fact]
    public void TheScan_WouldCatchAViewerThatTakesTheSession()
    {
        // The check above can fail: the same predicate flags the controller's own session-taking constructor.
        var ctor = typeof(FrameController).GetConstructors().Single();
        Assert.Contains(ctor.GetParameters(), p => IsMutator(p.ParameterType));
    }
}
