using CnnViz.Core;
using CnnViz.Core.Models;
using CnnViz.Core.Models.Description;
using CnnViz.Core.Optimizers;
using CnnViz.Engine.Models;

namespace CnnViz.Engine.Tests;

public sealed class ModelCatalogTests
{
    public static TheoryData<string> BuiltIns => [.. ModelCatalog.Names];

    private static Sequential CoreType(string name) => name switch
    {
        "simple" => SimpleCnn.Create(),
        "lenet5" => LeNet5.Modern(),
        "lenet5-classic" => LeNet5.Classic1998(),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void BuiltInDescription_BuildsTheCoreType_SameLayersSameInitialWeights(string name)
    {
        var fromText = ModelCatalog.Get(name).Create().Build(4, new Rng(11), new SGD());
        var fromCode = CoreType(name).Build(4, new Rng(11), new SGD());
        Assert.Equal(fromCode.Architecture, fromText.Architecture);
        Assert.Equal(fromCode.Parameters.Select(p => (p.Name, p.Value)), fromText.Parameters.Select(p => (p.Name, p.Value)));
    }

    [Fact]
    public void Custom_IsNamedByItsCanonicalText_SoCheckpointsCanRebuildIt()
    {
        var spec = ModelCatalog.Get("conv 4@3x3   pad 1 ;relu;maxpool 2\nflatten; dense classes");
        Assert.Equal("conv 4@3x3 pad 1; relu; maxpool 2; flatten; dense classes", spec.Name);
        Assert.Equal(spec.Create().Architecture, ModelCatalog.Get(spec.Name).Create().Architecture);
    }

    [Fact]
    public void UnknownName_ListsTheBuiltIns() =>
        Assert.StartsWith("unknown model 'resnet': not a built-in (simple, lenet5, lenet5-classic)",
            Assert.Throws<ModelDescriptionException>(() => ModelCatalog.Get("resnet")).Message);

    [Fact]
    public void ClassCount_FollowsTheData() =>
        Assert.Equal(3, ModelCatalog.Get("lenet5", classes: 3).Create().Build(1, new Rng(1), new SGD()).Classes);
}
