using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CnnViz.Core.Data;
using CnnViz.Engine.Data;
using CnnViz.Tests.Shared;

namespace CnnViz.Engine.Tests.Data;

/// <summary>
/// A web server on 127.0.0.1 (a free port) serving a tiny synthetic data set as several "mirrors":
/// /good/ serves the files, /bad/ serves them with one byte changed, /drop/ announces the full
/// length and closes the connection halfway, /missing/ answers 404. Never a public address.
/// </summary>
public sealed class LocalMirror : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files;
    public ConcurrentDictionary<string, int> Requests { get; } = new();
    public string Root { get; }

    public LocalMirror(Dictionary<string, byte[]> files)
    {
        _files = files;
        for (int attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Root = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Root);
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _ = Task.Run(ServeAsync);
    }

    public Uri Mirror(string kind) => new(Root + kind + "/");

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            string[] parts = context.Request.Url!.AbsolutePath.Trim('/').Split('/');
            var response = context.Response;
            Requests.AddOrUpdate(context.Request.Url.AbsolutePath, 1, (_, n) => n + 1);
            if (parts.Length != 2 || !_files.TryGetValue(parts[1], out var body) || parts[0] == "missing")
            {
                response.StatusCode = 404;
                response.Close();
                continue;
            }
            try
            {
                response.ContentLength64 = body.Length;
                switch (parts[0])
                {
                    case "good":
                        await response.OutputStream.WriteAsync(body);
                        response.Close();
                        break;
                    case "bad":
                        byte[] changed = (byte[])body.Clone();
                        changed[^5] ^= 0xFF;
                        await response.OutputStream.WriteAsync(changed);
                        response.Close();
                        break;
                    case "drop":
                        await response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
                        await response.OutputStream.FlushAsync();
                        response.Abort(); // the connection goes away mid-body
                        break;
                }
            }
            catch (Exception e) when (e is HttpListenerException or IOException) { }
        }
    }

    public void Dispose() => _listener.Close();
}

public sealed class DataDownloaderTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, byte[]> _files;
    private readonly LocalMirror _server;
    private readonly HttpClient _http = new(new HttpClientHandler { UseProxy = false });

    public DataDownloaderTests()
    {
        string source = IdxSets.WriteSet(_dir["source"], train: 40, test: 10);
        _files = Directory.GetFiles(source).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);
        _server = new LocalMirror(_files);
    }

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
        _dir.Dispose();
    }

    private DatasetInfo Info(params string[] mirrors) => DatasetInfo.Mnist with
    {
        Files = _files.Keys.Order().Select(name => new RemoteFile(name, Convert.ToHexStringLower(MD5.HashData(_files[name])))).ToList(),
        Mirrors = mirrors.Select(_server.Mirror).ToList(),
    };

    private sealed class Recorder : IProgress<DownloadProgress>
    {
        public ConcurrentQueue<DownloadProgress> Reports { get; } = new();
        public void Report(DownloadProgress value) => Reports.Enqueue(value);
    }

    private Task Download(string target, DatasetInfo info, Recorder? recorder = null) =>
        new DataDownloader(_http, TimeSpan.FromSeconds(10)).DownloadAsync(info, target, recorder);

    [Fact]
    public async Task GoodMirror_WritesVerifiedFilesThatLoad()
    {
        string target = _dir["target"];
        var recorder = new Recorder();
        await Download(target, Info("good"), recorder);

        foreach (var (name, bytes) in _files)
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(target, name)));
        Assert.Equal(4, Directory.GetFiles(target).Length); // no temporary files left
        Assert.Equal(4, recorder.Reports.Count(r => r.Stage == DownloadStage.Verified));
        var data = DataSource.Load(DataLocator.Locate(DatasetInfo.Mnist, target, new(null, _dir.Path, null)));
        Assert.Equal((40, 10), (data.Train.Count, data.Test.Count));
    }

    [Fact]
    public async Task WrongChecksum_FallsThroughToTheNextMirror()
    {
        string target = _dir["target"];
        var recorder = new Recorder();
        await Download(target, Info("bad", "good"), recorder);

        Assert.Equal(4, Directory.GetFiles(target).Length);
        Assert.Equal(4, recorder.Reports.Count(r => r.Stage == DownloadStage.MirrorFailed && r.Message!.StartsWith("checksum mismatch")));
        Assert.All(recorder.Reports.Where(r => r.Stage == DownloadStage.Verified), r => Assert.Contains("/good/", r.Source!.AbsolutePath));
    }

    [Fact]
    public async Task WrongChecksumOnEveryMirror_FailsClearlyAndLeavesNoFile()
    {
        string target = _dir["target"];
        var e = await Assert.ThrowsAsync<DataException>(() => Download(target, Info("bad", "missing")));
        string first = _files.Keys.Order().First();
        Assert.Contains($"Could not download {first}", e.Message);
        Assert.Contains("checksum mismatch", e.Message);
        Assert.Contains("HTTP 404", e.Message);
        Assert.Empty(Directory.GetFiles(target));
    }

    [Fact]
    public async Task DroppedConnection_LeavesNoPartialFileAndTriesTheNextMirror()
    {
        string target = _dir["target"];
        var e = await Assert.ThrowsAsync<DataException>(() => Download(target, Info("drop")));
        Assert.Contains("/drop/", e.Message);
        Assert.Empty(Directory.GetFiles(target));

        var recorder = new Recorder();
        await Download(target, Info("drop", "good"), recorder);
        Assert.Equal(4, Directory.GetFiles(target).Length);
        Assert.Equal(4, recorder.Reports.Count(r => r.Stage == DownloadStage.MirrorFailed));
        foreach (var (name, bytes) in _files)
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(target, name)));
    }

    [Fact]
    public async Task FilesAlreadyPresentWithTheRightChecksum_AreNotFetchedAgain_WrongOnesAreReplaced()
    {
        string target = Directory.CreateDirectory(_dir["target"]).FullName;
        string[] names = _files.Keys.Order().ToArray();
        File.WriteAllBytes(Path.Combine(target, names[0]), _files[names[0]]);
        File.WriteAllBytes(Path.Combine(target, names[1]), [1, 2, 3]); // stale or corrupt

        var recorder = new Recorder();
        await Download(target, Info("good"), recorder);

        Assert.False(_server.Requests.ContainsKey($"/good/{names[0]}"));
        Assert.Equal(1, _server.Requests[$"/good/{names[1]}"]);
        Assert.Equal(_files[names[1]], File.ReadAllBytes(Path.Combine(target, names[1])));
        Assert.Equal(names[0], Assert.Single(recorder.Reports, r => r.Stage == DownloadStage.AlreadyPresent).FileName);
    }
}
