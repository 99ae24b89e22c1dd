using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SecureBackend.Analyzers.Infrastructure.Baseline;

/// <summary>
/// A small JSON reader for the baseline file: objects become <see cref="Dictionary{TKey, TValue}"/>, arrays
/// <see cref="List{T}"/>, strings <see cref="string"/>, numbers <see cref="double"/>, and <c>true</c>/<c>false</c>/<c>null</c>
/// their values. The analyzer assembly carries no JSON library, and the file is small.
/// </summary>
internal sealed class BaselineJson
{
    private readonly string _text;
    private int _position;

    private BaselineJson(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/>; false with a reason when it is not one well-formed JSON value.</summary>
    public static bool TryParse(string text, out object? value, out string error)
    {
        var reader = new BaselineJson(text);
        try
        {
            reader.SkipWhitespace();
            value = reader.ReadValue(depth: 0);
            reader.SkipWhitespace();
            if (reader._position != text.Length)
            {
                throw reader.Fail("unexpected text after the end");
            }

            error = string.Empty;
            return true;
        }
        catch (JsonSyntaxException exception)
        {
            value = null;
            error = exception.Message;
            return false;
        }
    }

    private object? ReadValue(int depth)
    {
        if (depth > 64)
        {
            throw Fail("nested too deeply");
        }

        if (_position >= _text.Length)
        {
            throw Fail("unexpected end");
        }

        switch (_text[_position])
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
                return ReadString();
            case 't':
                Expect("true");
                return true;
            case 'f':
                Expect("false");
                return false;
            case 'n':
                Expect("null");
                return null;
            default:
                return ReadNumber();
        }
    }

    private Dictionary<string, object?> ReadObject(int depth)
    {
        var result = new Dictionary<string, object?>(System.StringComparer.Ordinal);
        _position++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return result;
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Fail("expected a property name");
            }

            var name = ReadString();
            SkipWhitespace();
            if (Peek() != ':')
            {
                throw Fail("expected ':'");
            }

            _position++;
            SkipWhitespace();
            result[name] = ReadValue(depth + 1);
            SkipWhitespace();
            var next = Peek();
            _position++;
            if (next == '}')
            {
                return result;
            }

            if (next != ',')
            {
                throw Fail("expected ',' or '}'");
            }
        }
    }

    private List<object?> ReadArray(int depth)
    {
        var result = new List<object?>();
        _position++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return result;
        }

        while (true)
        {
            SkipWhitespace();
            result.Add(ReadValue(depth + 1));
            SkipWhitespace();
            var next = Peek();
            _position++;
            if (next == ']')
            {
                return result;
            }

            if (next != ',')
            {
                throw Fail("expected ',' or ']'");
            }
        }
    }

    private string ReadString()
    {
        _position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Fail("unterminated string");
            }

            var c = _text[_position++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_position >= _text.Length)
            {
                throw Fail("unterminated string");
            }

            var escape = _text[_position++];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_position + 4 > _text.Length
                        || !int.TryParse(_text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Fail("bad \\u escape");
                    }

                    builder.Append((char)code);
                    _position += 4;
                    break;
                default:
                    throw Fail("bad escape");
            }
        }
    }

    private double ReadNumber()
    {
        var start = _position;
        while (_position < _text.Length && "+-0123456789.eE".IndexOf(_text[_position]) >= 0)
        {
            _position++;
        }

        if (start == _position
            || !double.TryParse(_text.Substring(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw Fail("unexpected character");
        }

        return number;
    }

    private void Expect(string word)
    {
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
        {
            throw Fail("unexpected word");
        }

        _position += word.Length;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipWhitespace()
    {
        while (_position < _text.Length && (_text[_position] is ' ' or '\t' or '\r' or '\n' || (_position == 0 && _text[0] == '\uFEFF')))
        {
            _position++;
        }
    }

    private JsonSyntaxException Fail(string reason)
    {
        var line = 1;
        for (var i = 0; i < _position && i < _text.Length; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
            }
        }

        return new JsonSyntaxException(reason + " at line " + line.ToString(CultureInfo.InvariantCulture));
    }

    private sealed class JsonSyntaxException : System.Exception
    {
        public JsonSyntaxException(string message)
            : base(message)
        {
        }
    }
}
