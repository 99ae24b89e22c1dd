namespace RazorConsumer.Models;

public sealed class CommentModel
{
    public string Author { get; set; } = "";

    public string Comment { get; set; } = "";

    public string Signature { get; set; } = "";
}
