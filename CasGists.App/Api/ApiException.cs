namespace CasGists.App.Api;

/// <summary>
/// A failure the API itself detects before Core is asked (a body it cannot read, a bad page number, a missing
/// credential or scope). Each API group's filter writes it in its own error shape, as it does Core's domain errors.
/// </summary>
public sealed class ApiException(int status, string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>Field (as the request names it) to messages; empty when the failure is not about one field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    public static ApiException BadRequest(string field, string message) =>
        new(StatusCodes.Status400BadRequest, message, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiException Unauthorized(string message = "Requires authentication.") => new(StatusCodes.Status401Unauthorized, message);
}
