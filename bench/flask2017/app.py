"""The 2017 design's data service read, as a baseline for `npm run bench`.

A Flask application with Flask-SQLAlchemy on SQLite behind gunicorn, checking an RS512 JWT
signed by the token dealer's key on every request (PyJWT), as the book's Runnerly data service
did. Only what the bench's scenario needs: a runner's runs, newest first. Settings come from the
environment: FLASK2017_DB (SQLite file), FLASK2017_PUBLIC_KEY (PEM file), FLASK2017_RUNS (runs
made for runner 1 when the table is empty).
"""
import os

import jwt
from flask import Flask, abort, jsonify, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.environ["FLASK2017_DB"]
db = SQLAlchemy(app)

with open(os.environ["FLASK2017_PUBLIC_KEY"], "rb") as f:
    PUBLIC_KEY = f.read()


class Run(db.Model):
    __tablename__ = "run"
    id = db.Column(db.Integer, primary_key=True, autoincrement=True)
    runner_id = db.Column(db.Integer, index=True)
    strava_id = db.Column(db.Integer)
    name = db.Column(db.Unicode(128))
    description = db.Column(db.Unicode(512))
    distance = db.Column(db.Float)
    elapsed_time = db.Column(db.Float)
    average_speed = db.Column(db.Float)
    average_heartrate = db.Column(db.Float)
    total_elevation_gain = db.Column(db.Float)
    start_date = db.Column(db.Integer, index=True)

    def to_json(self):
        return {c.name: getattr(self, c.name) for c in self.__table__.columns}


def check_token():
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        abort(401)
    try:
        return jwt.decode(header[7:], PUBLIC_KEY, algorithms=["RS512"], audience="runnerly.io")
    except jwt.InvalidTokenError:
        abort(401)


@app.route("/runs/<int:runner_id>")
def runs(runner_id):
    check_token()
    limit = min(int(request.args.get("limit", 10)), 100)
    rows = Run.query.filter_by(runner_id=runner_id).order_by(Run.start_date.desc()).limit(limit).all()
    return jsonify([r.to_json() for r in rows])


with app.app_context():
    db.create_all()
    if Run.query.count() == 0:
        for i in range(int(os.environ.get("FLASK2017_RUNS", "200"))):
            db.session.add(
                Run(
                    runner_id=1,
                    strava_id=1000 + i,
                    name="Run %d" % i,
                    description="",
                    distance=8000.0 + i,
                    elapsed_time=2500.0,
                    average_speed=3.3,
                    average_heartrate=148.0,
                    total_elevation_gain=40.0,
                    start_date=1767225600 + i * 86400,
                )
            )
        db.session.commit()
    # gunicorn forks its workers from this process (--preload): each opens its own connections.
    db.engine.dispose()
