using CnnViz.Core.Models;

namespace CnnViz.Engine.Models;

/// <summary>
/// A named architecture and how to make a fresh, unbuilt instance of it. The session builds
/// several instances of one spec: the training model, an evaluation copy and a batch-1 probe.
/// </summary>
public sealed record ModelSpec(string Name, Func<Sequential> Create);
