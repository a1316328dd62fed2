using System.CommandLine;
using CnnViz.App.Commands;

// cnnviz                 the live window (or, with no display, a headless run that says why)
// cnnviz --headless …    train in the console: progress bar, report, plot, checkpoints
// cnnviz data download   fetch the full MNIST / Fashion-MNIST (only when asked)
// cnnviz bench           training and inference images/s
// cnnviz models          the built-in models as model descriptions
// cnnviz export          a checkpoint's network as ONNX
// cnnviz predict FILE…   top-3 classes of image files
var root = new RootCommand("CnnViz: a from-scratch CNN that you watch learn MNIST, live.");
MainCommand.Configure(root);
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
var parse = root.Parse(args);
if (parse.Errors.Count > 0) return MainCommand.ReportParseError(parse); // one line, exit code 2 (not a help dump and 1)
return parse.Invoke();
