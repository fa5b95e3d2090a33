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


def test_configuration_comes_from_the_environment(monkeypatch, tmp_path):
    from study.web import create_app

    monkeypatch.setenv("STUDY_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    monkeypatch.setenv("STUDY_SECRET_KEY", "from-env")
    monkeypatch.setenv("STUDY_SECURE_COOKIES", "1")
    app = create_app()
    assert app.config["STUDY_DATABASE_URL"].endswith("env.db") and app.secret_key == "from-env"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    from study.web import instance_secret_key

    first = instance_secret_key(tmp_path / "instance")
    assert len(first) == 64 and instance_secret_key(tmp_path / "instance") == first
    assert oct((tmp_path / "instance" / "secret_key").stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("variable", ["STUDY_LOGIN_LIMIT", "STUDY_LOGIN_ADDRESS_LIMIT", "STUDY_REGISTER_LIMIT",
                                      "STUDY_REPORT_LIMIT", "STUDY_THROTTLE_WINDOW_MINUTES"])
def test_throttle_limits_come_from_the_environment(variable):
    from study.web import ConfigurationError, settings_from_environment

    assert settings_from_environment({variable: "7"}) == {variable: 7}
    with pytest.raises(ConfigurationError, match=f"{variable}='many': expected int"):
        settings_from_environment({variable: "many"})
