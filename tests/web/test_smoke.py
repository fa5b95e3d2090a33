"""The app starts and its main pages render."""
import pytest


@pytest.mark.parametrize("path", ["/", "/notes/", "/notes/iam-roles", "/practice/", "/exam/", "/auth/login",
                                  "/auth/register"])
def test_public_page_renders(client, path):
    assert client.get(path).status_code == 200


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert b"Not found" in response.data
