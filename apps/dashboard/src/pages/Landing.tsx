import { Link } from 'react-router';
import { Page } from '../ui.tsx';

/** The front door for a visitor who is not signed in: what Runnerly is, sign up, log in. */
export function Landing() {
  return (
    <Page title="Runnerly">
      <section className="card landing" aria-labelledby="landing-h">
        <h2 id="landing-h">Your runs, on your own server</h2>
        <p>
          Runnerly keeps every run you have done — from Strava, or from your watch’s GPX, TCX and FIT files — and shows
          them the way runners read them: distance, time, pace, the route, splits and best efforts, weekly and yearly
          totals.
        </p>
        <ul>
          <li>Bring your history in: connect Strava, or upload files or a whole Strava export.</li>
          <li>Pick a race and follow a training plan built from your recent runs.</li>
          <li>Get a monthly report by mail, and download everything whenever you like.</li>
        </ul>
        <div className="buttons">
          <Link className="button" to="/signup">
            Create an account
          </Link>
          <Link to="/login">Log in</Link>
        </div>
      </section>
    </Page>
  );
}
