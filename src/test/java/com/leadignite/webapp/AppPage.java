package com.leadignite.webapp;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The {@code /app/} page as a user drives it. {@link #awaitSignedIn()} is the hook for every way of
 * signing in: a social-login browser test navigates through its provider and then waits on it.
 */
final class AppPage {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final WebDriver driver;
    private final String base;

    AppPage(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    AppPage open() {
        driver.get(base + "/app/");
        return this;
    }

    void awaitSignedOut() {
        await().atMost(WAIT).until(() -> driver.findElement(By.id("signed-out")).isDisplayed());
    }

    /** Waits until the page shows the signed-in view (after any sign-in: password, or a provider's redirect back). */
    void awaitSignedIn() {
        await().atMost(WAIT).until(() -> driver.findElement(By.id("signed-in")).isDisplayed());
    }

    void signIn(String email, String password) {
        awaitSignedOut();
        type("email", email);
        type("password", password);
        driver.findElement(By.id("signin-button")).click();
        awaitSignedIn();
    }

    String signedInEmail() {
        return driver.findElement(By.id("user-email")).getText();
    }

    void createLead(String firstName) {
        type("lead-first-name", firstName);
        driver.findElement(By.id("create-button")).click();
        await().atMost(WAIT).until(() -> leads().stream().anyMatch(l -> l.startsWith(firstName)));
    }

    List<String> leads() {
        return driver.findElements(By.cssSelector("#leads li")).stream().map(WebElement::getText).toList();
    }

    String status() {
        return driver.findElement(By.id("status")).getText();
    }

    void signOut() {
        driver.findElement(By.id("signout-button")).click();
        awaitSignedOut();
    }

    /** What the page's own JavaScript can see of its cookies. */
    String documentCookie() {
        return (String) ((JavascriptExecutor) driver).executeScript("return document.cookie;");
    }

    private void type(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }
}
