using System.CommandLine;
using System.Diagnostics;
using CnnViz.Core.Data;
using CnnViz.Engine.Data;
using Spectre.Console;

namespace CnnViz.App.Commands;

/// <summary>
/// `cnnviz data download [--dataset mnist|fashion-mnist] [--to DIR]`: fetch the full set (only when asked).
/// `cnnviz data info [--dataset …] [--data DIR]`: which data a run would use, its counts, load time and memory.
/// Errors are one line on stderr: exit 2 for bad arguments or data, 1 for a download that failed.
/// </summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var data = new Command("data", "Download or inspect the data sets (MNIST, Fashion-MNIST).");
        data.Subcommands.Add(Download());
        data.Subcommands.Add(Info());
        return data;
    }

    private static Option<string> DatasetOption()
    {
        var option = new Option<string>("--dataset")
        {
            Description = "Which data set: mnist or fashion-mnist.",
            DefaultValueFactory = _ => DatasetInfo.Mnist.Id,
        };
        option.AcceptOnlyFromAmong([.. DatasetInfo.All.Select(d => d.Id)]);
        return option;
    }

    private static Command Download()
    {
        var dataset = DatasetOption();
        var to = new Option<string?>("--to") { Description = "Target directory (default: data/<dataset> under the repository root, or under the current directory outside the repository)." };
        var mirrors = new Option<string[]>("--mirror") { Description = "Base URL to download from instead of the built-in public mirrors (repeatable; tried in order)." };
        var command = new Command("download", "Download the four IDX files from public mirrors, verify their MD5s, and save them.");
        command.Options.Add(dataset);
        command.Options.Add(to);
        command.Options.Add(mirrors);
        command.SetAction(async (parse, cancel) =>
        {
            var info = DatasetInfo.FromId(parse.GetValue(dataset)!);
            if (parse.GetValue(mirrors) is { Length: > 0 } urls)
            {
                if (urls.FirstOrDefault(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) is { } bad)
                {
                    return TrainCommand.Usage($"--mirror {bad} is not an http:// or https:// URL.");
                }
                info = info with { Mirrors = [.. urls.Select(u => new Uri(u.EndsWith('/') ? u : u + "/"))] };
            }
            if (parse.GetValue(to) is { } folder && folder.Trim().Length == 0)
                return TrainCommand.Usage("--to is empty (an unset shell variable?); give a folder, or leave --to out for data/<dataset>.");
            string root = DataLocator.FindRepoRoot(Environment.CurrentDirectory, AppContext.BaseDirectory) ?? Environment.CurrentDirectory;
            string target = Path.GetFullPath(parse.GetValue(to) ?? Path.Combine(root, info.DefaultDirectory));
            AnsiConsole.MarkupLine($"Downloading {info.DisplayName} into [bold]{Markup.Escape(target)}[/]");
            var failures = new List<string>();
            try
            {
                using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan }; // the downloader times out stalls itself
                http.DefaultRequestHeaders.UserAgent.ParseAdd("cnnviz");
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                    .StartAsync(async context =>
                    {
                        var bars = new SpectreProgress(context, failures);
                        await new DataDownloader(http).DownloadAsync(info, target, bars, cancel);
                    });
                foreach (string failure in failures) AnsiConsole.MarkupLine($"[yellow]mirror failed, used the next one:[/] {Markup.Escape(failure)}");
                var loaded = DataSource.Load(DataLocator.Locate(info, target, DataEnvironment.FromProcess()));
                string use = target == Path.GetFullPath(Path.Combine(root, info.DefaultDirectory))
                    ? "cnnviz finds it there by itself"
                    : $"use it with --data {target} or {DataLocator.EnvironmentVariable}={target}";
                AnsiConsole.MarkupLine($"[green]OK[/] {info.DisplayName}: {loaded.Train.Count:N0} train and {loaded.Test.Count:N0} test images, " +
                                       $"MD5-verified and readable, in {Markup.Escape(target)}; {Markup.Escape(use)}.");
                return 0;
            }
            catch (DataException e) // its message lists every mirror that failed for the file that could not be fetched
            {
                return TrainCommand.Failed(e.Message);
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("[yellow]cancelled[/]; files not yet verified were removed.");
                return 130;
            }
        });
        return command;
    }

    private static Command Info()
    {
        var dataset = DatasetOption();
        var dir = new Option<string?>("--data") { Description = $"Directory with the four IDX files (default: ${DataLocator.EnvironmentVariable}, then data/<dataset>, then the committed sample)." };
        var command = new Command("info", "Show which data a run would use, with counts per class, load time and memory.");
        command.Options.Add(dataset);
        command.Options.Add(dir);
        command.SetAction(parse =>
        {
            if (parse.GetValue(dir) is { } given && given.Trim().Length == 0)
                return TrainCommand.Usage("--data is empty (an unset shell variable?); give the folder with the four IDX files, or leave --data out.");
            try
            {
                long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
                long workingSetBefore = Environment.WorkingSet;
                var clock = Stopwatch.StartNew();
                var data = DataSource.Open(parse.GetValue(dataset)!, parse.GetValue(dir));
                double ms = clock.Elapsed.TotalMilliseconds;
                long heap = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
                Console.WriteLine(data.Description);
                var table = new Table().AddColumns("class", "train", "test");
                var train = Count(data.Train);
                var test = Count(data.Test);
                for (int c = 0; c < data.Train.Classes; c++)
                    table.AddRow(Markup.Escape(data.Train.ClassNames[c]), $"{train[c]:N0}", $"{test[c]:N0}");
                AnsiConsole.Write(table);
                Console.WriteLine($"loaded in {ms:F0} ms; managed heap holds {heap / 1e6:F1} MB for it " +
                                  $"(images {data.Train.Images.Length / 1e6:F1} + {data.Test.Images.Length / 1e6:F1} MB as bytes); " +
                                  $"process working set {workingSetBefore / 1e6:F0} → {Environment.WorkingSet / 1e6:F0} MB (peak {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB)");
                GC.KeepAlive(data);
                return 0;
            }
            catch (DataException e)
            {
                return TrainCommand.Usage(e.Message); // bad or missing data: exit 2, like a training run
            }
        });
        return command;
    }

    private static int[] Count(Dataset set)
    {
        var counts = new int[set.Classes];
        foreach (byte label in set.Labels) counts[label]++;
        return counts;
    }

    /// <summary>One Spectre progress bar per file, fed synchronously by the downloader.</summary>
    private sealed class SpectreProgress(ProgressContext context, List<string> failures) : IProgress<DownloadProgress>
    {
        private readonly Dictionary<string, ProgressTask> _bars = [];

        public void Report(DownloadProgress p)
        {
            if (!_bars.TryGetValue(p.FileName, out var bar))
                _bars[p.FileName] = bar = context.AddTask(p.FileName, maxValue: Math.Max(1, p.BytesTotal ?? 1));
            switch (p.Stage)
            {
                case DownloadStage.AlreadyPresent:
                    bar.Description = $"{p.FileName} (already present)";
                    bar.MaxValue = Math.Max(1, p.BytesDone);
                    bar.Value = bar.MaxValue;
                    break;
                case DownloadStage.Receiving:
                    bar.MaxValue = Math.Max(1, p.BytesTotal ?? p.BytesDone);
                    bar.Value = p.BytesDone;
                    break;
                case DownloadStage.Verified:
                    bar.Description = $"{p.FileName} [green]MD5 ok[/]";
                    bar.Value = bar.MaxValue;
                    break;
                case DownloadStage.MirrorFailed:
                    failures.Add($"{p.Source}: {p.Message}");
                    bar.Description = $"{p.FileName} [yellow](trying the next mirror)[/]";
                    bar.Value = 0;
                    break;
            }
        }
    }
}
