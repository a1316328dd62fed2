using System.Security.Cryptography;
using CnnViz.Core.Data;

namespace CnnViz.Engine.Data;

public enum DownloadStage { AlreadyPresent, Receiving, Verified, MirrorFailed }

/// <summary>
/// One progress report for one file. <see cref="BytesTotal"/> is null when the server does not say;
/// <see cref="Message"/> says why a mirror failed (<see cref="DownloadStage.MirrorFailed"/>).
/// </summary>
public sealed record DownloadProgress(string FileName, DownloadStage Stage, long BytesDone, long? BytesTotal, Uri? Source, string? Message = null);

/// <summary>
/// Fetches the four files of a data set, only when asked (`cnnviz data download`). For each file:
/// skip it if it is already there with the right MD5; else try each mirror in order, streaming into a
/// temporary file in the target directory while hashing, and rename it into place only when the
/// MD5 matches. A failed mirror (HTTP error, dropped connection, stall, wrong checksum) leaves no
/// file behind and the next one is tried. Progress goes to an <see cref="IProgress{T}"/>; nothing
/// here writes to the console.
/// </summary>
public sealed class DataDownloader(HttpClient http, TimeSpan? stallTimeout = null)
{
    private readonly TimeSpan _stallTimeout = stallTimeout ?? TimeSpan.FromSeconds(30);

    /// <summary>Downloads every file of <paramref name="info"/> from <see cref="DatasetInfo.Mirrors"/> into <paramref name="targetDirectory"/>.</summary>
    /// <exception cref="DataException">A file could not be fetched from any mirror; the message lists each attempt.</exception>
    public async Task DownloadAsync(DatasetInfo info, string targetDirectory, IProgress<DownloadProgress>? progress = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(targetDirectory);
        foreach (var file in info.Files)
        {
            string target = Path.Combine(targetDirectory, file.FileName);
            if (File.Exists(target) && await Md5Async(target, cancel) == file.Md5)
            {
                long length = new FileInfo(target).Length;
                progress?.Report(new(file.FileName, DownloadStage.AlreadyPresent, length, length, null));
                continue;
            }
            var failures = new List<string>();
            bool done = false;
            foreach (var mirror in info.Mirrors)
            {
                var source = new Uri(mirror, file.FileName);
                string? failure = await TryDownloadAsync(source, file, target, progress, cancel);
                if (failure is null) { done = true; break; }
                failures.Add($"{source}: {failure}");
                progress?.Report(new(file.FileName, DownloadStage.MirrorFailed, 0, null, source, failure));
            }
            if (!done)
                throw new DataException(
                    $"Could not download {file.FileName} into {targetDirectory}; every mirror failed:\n  {string.Join("\n  ", failures)}\n" +
                    "Check your network and run the command again (files already downloaded are kept and skipped), " +
                    "or copy the four files there by hand.");
        }
    }

    /// <summary>One attempt from one mirror; null on success, else why it failed.</summary>
    private async Task<string?> TryDownloadAsync(Uri source, RemoteFile file, string target, IProgress<DownloadProgress>? progress, CancellationToken cancel)
    {
        string temp = Path.Combine(Path.GetDirectoryName(target)!, $".{file.FileName}.{Guid.NewGuid():N}.part");
        try
        {
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            stall.CancelAfter(_stallTimeout);
            using var response = await http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, stall.Token);
            if (!response.IsSuccessStatusCode)
                return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            long? total = response.Content.Headers.ContentLength;
            await using var body = await response.Content.ReadAsStreamAsync(stall.Token);
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long done = 0;
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                while (true)
                {
                    stall.CancelAfter(_stallTimeout); // the timeout is per read: a slow but moving download is fine
                    int n = await body.ReadAsync(buffer, stall.Token);
                    if (n == 0) break;
                    md5.AppendData(buffer, 0, n);
                    await output.WriteAsync(buffer.AsMemory(0, n), cancel);
                    done += n;
                    progress?.Report(new(file.FileName, DownloadStage.Receiving, done, total, source));
                }
            }
            if (total is long expected && done != expected)
                return $"the connection ended after {done:N0} of {expected:N0} bytes";
            string actual = Convert.ToHexStringLower(md5.GetHashAndReset());
            if (actual != file.Md5)
                return $"checksum mismatch: MD5 {actual}, expected {file.Md5} ({done:N0} bytes received)";
            File.Move(temp, target, overwrite: true);
            progress?.Report(new(file.FileName, DownloadStage.Verified, done, total ?? done, source));
            return null;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return $"no data for {_stallTimeout.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
        finally
        {
            File.Delete(temp); // no-op after the rename; otherwise nothing half-written stays behind
        }
    }

    private static async Task<string> Md5Async(string path, CancellationToken cancel)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancel));
    }
}
